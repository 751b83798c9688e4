using Microsoft.Extensions.Time.Testing;
using OptOutBot.Testing;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Postgres;

namespace OptOutBot.Storage.Tests.Postgres;

public sealed class PostgresEngineStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly PostgresScratchDatabase _scratch = new();
    private PostgresDatabase? _database;

    public async Task InitializeAsync()
    {
        await _scratch.InitializeAsync();
        if (_scratch.ConnectionString.Length > 0)
        {
            _database = new PostgresDatabase(_scratch.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await _scratch.DisposeAsync();
    }

    [PostgresFact]
    public Task UpdateLog_KeepsEveryStateOfExactlyOnce()
    {
        var time = new FakeTimeProvider(T0);
        return UpdateLogContract.RunAll(() => new PostgresUpdateLog(_database!, time), time);
    }

    [PostgresFact]
    public async Task UpdateLog_InlineAnswer_IsKeptByTheInstanceThatAnswered_NotInTheTable()
    {
        var time = new FakeTimeProvider(T0);
        var hostA = new PostgresUpdateLog(_database!, time);
        var hostB = new PostgresUpdateLog(_database!, time);
        var takeOver = TimeSpan.FromSeconds(30);
        const string Answer = "{\"method\":\"sendMessage\",\"chat_id\":7461829305}";
        Assert.Equal(UpdateState.New, (await hostA.BeginAsync("telegram", "41", takeOver)).State);
        Assert.Equal(UpdateState.Answered, await hostA.SaveAnswerAsync("telegram", "41", Answer, queue: false));

        Assert.Empty(RawDatabaseScan.TextsContaining(await RawDatabaseScan.PostgresTablesAsync(_scratch.ConnectionString), ["7461829305"]));
        Assert.Equal(new UpdateRecord(UpdateState.Answered, Answer), await hostA.BeginAsync("telegram", "41", takeOver));
        // Another instance has no copy: the redelivery (the first delivery failed) runs the turn again, once.
        Assert.Equal(UpdateState.New, (await hostB.BeginAsync("telegram", "41", takeOver)).State);
        Assert.Equal(UpdateState.Received, (await hostB.BeginAsync("telegram", "41", takeOver)).State); // and only one instance runs it
        Assert.Equal(UpdateState.Queued, await hostB.SaveAnswerAsync("telegram", "41", Answer, queue: false)); // redelivered while it ran
        Assert.Equal([new QueuedAnswer("41", Answer)], await hostB.ClaimQueuedAsync("telegram", "b", 10, time.GetUtcNow().AddSeconds(30)));
    }

    [PostgresFact]
    public async Task Conversation_SavedState_IsReadBackUntilItExpires()
    {
        var store = new PostgresConversationStore(_database!);
        var key = new ConversationKey("telegram", "chat1", "user1");
        await store.SaveAsync(key, new ConversationState("en", "instagram/open", "whatsapp", T0));
        await store.SaveAsync(key, new ConversationState("fr", null, "whatsapp", T0.AddMinutes(1)));

        var state = await store.GetAsync(key, T0.AddDays(-30));
        Assert.Equal(new ConversationState("fr", null, "whatsapp", T0.AddMinutes(1)), state);
        Assert.Null(await store.GetAsync(key, T0.AddMinutes(2)));
        Assert.Null(await store.GetAsync(key with { UserId = "other" }, T0.AddDays(-30)));

        Assert.Equal(1, await store.PurgeAsync(T0.AddMinutes(2)));
        Assert.Null(await store.GetAsync(key, T0.AddDays(-30)));
    }

    [PostgresFact]
    public async Task Conversation_MyDataAndForget_CoverEveryConversationOfThePerson()
    {
        var store = new PostgresConversationStore(_database!);
        await store.SaveAsync(new ConversationKey("discord", "dm", "bob"), new ConversationState("en", null, null, T0));
        await store.SaveAsync(new ConversationKey("discord", "server-channel", "bob"), new ConversationState(null, null, null, T0));
        await store.SaveAsync(new ConversationKey("discord", "dm2", "carol"), new ConversationState(null, null, null, T0));

        var bob = new UserRef("discord", "bob");
        Assert.Equal(2, (await store.DescribeAsync(bob)).Count);
        Assert.Equal(2, await store.EraseAsync(bob));
        Assert.Empty(await store.DescribeAsync(bob));
        Assert.Single(await store.DescribeAsync(new UserRef("discord", "carol")));
    }

    [PostgresFact]
    public async Task UpdateLog_RedeliveredUpdate_IsRecordedOnceAcrossInstances()
    {
        await using var other = new PostgresDatabase(_scratch.ConnectionString);
        var time = new FakeTimeProvider(T0);
        IUpdateLog first = new PostgresUpdateLog(_database!, time);
        IUpdateLog second = new PostgresUpdateLog(other, time);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).TryRecordAsync("telegram", "update-7").AsTask()));
        Assert.Equal(1, results.Count(r => r));
        Assert.True(await first.TryRecordAsync("discord", "update-7"));

        time.SetUtcNow(T0.AddDays(2));
        Assert.True(await first.TryRecordAsync("telegram", "update-8"));
        Assert.Equal(2, await first.PurgeAsync(T0.AddDays(1)));
        Assert.True(await second.TryRecordAsync("telegram", "update-7"));
    }

    [PostgresFact]
    public async Task QuestionLog_ListsNewestFirst()
    {
        var log = new PostgresQuestionLog(_database!);
        await log.AppendAsync(new UnansweredQuestion("web", "fr", "question [url]", T0));
        await log.AppendAsync(new UnansweredQuestion("telegram", "en", "another [digits]", T0.AddMinutes(1)));

        var list = await log.ListAsync(10);
        Assert.Equal(["another [digits]", "question [url]"], list.Select(q => q.RedactedText));
        Assert.Single(await log.ListAsync(1));

        // The console's delete one group, then delete all.
        Assert.Equal(1, await log.DeleteAsync([list[0].Id]));
        Assert.Equal(["question [url]"], (await log.ListAsync(10)).Select(q => q.RedactedText));
        await log.AppendAsync(new UnansweredQuestion("web", "en", "third", T0.AddMinutes(2)));
        Assert.Equal(0, await log.DeleteAsync([]));
        Assert.Equal(2, await log.DeleteAsync(null));
        Assert.Empty(await log.ListAsync(10));
    }

    [PostgresFact]
    public async Task Migrations_StartingTwoInstancesAtOnce_AppliesEachOnce()
    {
        await using var a = new PostgresDatabase(_scratch.ConnectionString);
        await using var b = new PostgresDatabase(_scratch.ConnectionString);
        await Task.WhenAll(a.MigrateAsync(), b.MigrateAsync(), _database!.MigrateAsync());

        await using var connection = await a.OpenAsync(CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        Assert.Equal(PostgresDatabase.Scripts().Count(), Convert.ToInt32(await command.ExecuteScalarAsync()));
    }
}
