using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Sqlite;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests.Sqlite;

/// <summary>Conversation state on a real SQLite file: read-your-write, restarts, expiry, erasure, concurrency.</summary>
public sealed class SqliteConversationStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly ConversationKey Key = new("telegram", "chat-1", "user-1");

    private readonly TempFolder _temp = new();
    private readonly string _path;

    public SqliteConversationStoreTests()
    {
        _path = _temp.File("bot.db");
        new SqliteDatabase(_path).Migrate();
    }

    [Fact]
    public async Task Save_ThenGet_ReadsItsOwnWriteImmediately()
    {
        await using var store = NewStore();
        var state = new ConversationState("en", "facebook/open", "optout-facebook-steps", Now);

        await store.SaveAsync(Key, state);

        Assert.Equal(state, await store.GetAsync(Key, Now.AddDays(-30)));
    }

    [Fact]
    public async Task Save_ThenFlush_SurvivesARestart()
    {
        var state = new ConversationState("en", "instagram/form", "optout-instagram-steps", Now);
        await using (var first = NewStore())
        {
            await first.SaveAsync(Key, state);
            await first.FlushAsync();
        }

        await using var second = NewStore();

        Assert.Equal(state, await second.GetAsync(Key, Now.AddDays(-30)));
    }

    [Fact]
    public async Task Dispose_WritesWhatWasPending()
    {
        var state = new ConversationState("fr", null, "whatsapp", Now);
        await using (var first = NewStore())
        {
            await first.SaveAsync(Key, state);
        }

        await using var second = NewStore();

        Assert.Equal(state, await second.GetAsync(Key, Now.AddDays(-30)));
    }

    [Fact]
    public async Task Save_NullFields_RoundTripAsNull()
    {
        var state = new ConversationState(null, null, null, Now);
        await using (var first = NewStore())
        {
            await first.SaveAsync(Key, state);
            await first.FlushAsync();
        }

        await using var second = NewStore();

        Assert.Equal(state, await second.GetAsync(Key, Now.AddDays(-30)));
    }

    [Fact]
    public async Task Get_UnknownKey_IsNull()
    {
        await using var store = NewStore();

        Assert.Null(await store.GetAsync(Key, DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task Get_StateOlderThanNotBefore_IsNull_BothPendingAndWritten()
    {
        await using var store = NewStore();
        await store.SaveAsync(Key, new ConversationState("en", null, null, Now));

        Assert.Null(await store.GetAsync(Key, Now.AddMilliseconds(1)));
        Assert.NotNull(await store.GetAsync(Key, Now));

        await store.FlushAsync();
        await using var restarted = NewStore();
        Assert.Null(await restarted.GetAsync(Key, Now.AddMilliseconds(1)));
        Assert.NotNull(await restarted.GetAsync(Key, Now));
    }

    [Fact]
    public async Task Save_SameKeyAgain_ReplacesTheState()
    {
        await using var store = NewStore();
        await store.SaveAsync(Key, new ConversationState("fr", "facebook/open", null, Now));
        await store.FlushAsync();

        var newer = new ConversationState("en", "facebook/form", "optout-facebook-steps", Now.AddMinutes(5));
        await store.SaveAsync(Key, newer);
        await store.FlushAsync();

        await using var restarted = NewStore();
        Assert.Equal(newer, await restarted.GetAsync(Key, Now));
        Assert.Equal(1L, SqliteDatabaseTests.Scalar<long>(_path, "SELECT COUNT(*) FROM conversation_state"));
    }

    [Fact]
    public async Task Erase_RemovesEveryStateOfThePersonAcrossConversations_AndReturnsTheCount()
    {
        await using var store = NewStore();
        var user = new UserRef("telegram", "user-1");
        await store.SaveAsync(new ConversationKey("telegram", "chat-1", "user-1"), new ConversationState("en", null, null, Now));
        await store.SaveAsync(new ConversationKey("telegram", "group-9", "user-1"), new ConversationState(null, "instagram/open", null, Now));
        await store.SaveAsync(new ConversationKey("telegram", "group-10", "user-1"), new ConversationState(null, null, "deadline", Now));
        var otherPerson = new ConversationKey("telegram", "group-9", "user-2");
        var sameIdOtherChannel = new ConversationKey("discord", "chat-1", "user-1");
        await store.SaveAsync(otherPerson, new ConversationState("fr", null, null, Now));
        await store.SaveAsync(sameIdOtherChannel, new ConversationState("fr", null, null, Now));
        await store.FlushAsync();

        var erased = await store.EraseAsync(user);

        Assert.Equal(3, erased);
        Assert.Empty(await store.DescribeAsync(user));
        Assert.Null(await store.GetAsync(new ConversationKey("telegram", "group-9", "user-1"), DateTimeOffset.MinValue));
        await using var restarted = NewStore();
        Assert.Null(await restarted.GetAsync(new ConversationKey("telegram", "chat-1", "user-1"), DateTimeOffset.MinValue));
        Assert.NotNull(await restarted.GetAsync(otherPerson, DateTimeOffset.MinValue));
        Assert.NotNull(await restarted.GetAsync(sameIdOtherChannel, DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task Erase_RightAfterSave_LeavesNothingBehindOnceWritten()
    {
        await using var store = NewStore();
        var user = new UserRef("telegram", "user-1");
        await store.SaveAsync(Key, new ConversationState("en", null, null, Now));

        var erased = await store.EraseAsync(user);
        await store.FlushAsync();

        Assert.Equal(1, erased);
        Assert.Null(await store.GetAsync(Key, DateTimeOffset.MinValue));
        Assert.Equal(0L, SqliteDatabaseTests.Scalar<long>(_path, "SELECT COUNT(*) FROM conversation_state"));
    }

    [Fact]
    public async Task Erase_PersonWithNothingStored_ReturnsZero()
    {
        await using var store = NewStore();

        Assert.Equal(0, await store.EraseAsync(new UserRef("web", "nobody")));
    }

    [Fact]
    public async Task Describe_ListsEachConversationWithLanguageStepTopicAndDate_ButNotOtherPeople()
    {
        await using var store = NewStore();
        await store.SaveAsync(new ConversationKey("web", "a", "u"), new ConversationState("en", "facebook/open", "optout-facebook-steps", Now));
        await store.SaveAsync(new ConversationKey("web", "b", "u"), new ConversationState(null, null, "whatsapp", Now.AddHours(1)));
        await store.SaveAsync(new ConversationKey("web", "a", "someone-else"), new ConversationState("fr", null, null, Now));

        var items = await store.DescribeAsync(new UserRef("web", "u"));

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("conversation", i.Kind));
        Assert.Equal("language en, guide step facebook/open, last topic optout-facebook-steps, updated 2026-11-22", items[0].Detail);
        Assert.Equal("last topic whatsapp, updated 2026-11-22", items[1].Detail);
    }

    [Fact]
    public async Task Purge_DeletesOnlyStatesNotUpdatedSinceTheCutoff()
    {
        await using var store = NewStore();
        var old = new ConversationKey("web", "old", "u1");
        var recent = new ConversationKey("web", "recent", "u2");
        await store.SaveAsync(old, new ConversationState("en", null, null, Now.AddDays(-40)));
        await store.SaveAsync(recent, new ConversationState("en", null, null, Now.AddDays(-1)));
        await store.FlushAsync();

        var purged = await store.PurgeAsync(Now.AddDays(-30));

        Assert.Equal(1, purged);
        Assert.Null(await store.GetAsync(old, DateTimeOffset.MinValue));
        Assert.NotNull(await store.GetAsync(recent, DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task ConcurrentSavesOnOverlappingKeys_EndWithTheLastStatePerKey()
    {
        const int Tasks = 50, SavesPerTask = 100, Keys = 20;
        var last = new ConversationState?[Keys];
        var locks = Enumerable.Range(0, Keys).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        await using (var store = NewStore())
        {
            var work = Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < SavesPerTask; i++)
                {
                    var k = (t * 7 + i) % Keys;
                    var key = new ConversationKey("web", "conv-" + k, "user-" + k);
                    var state = new ConversationState(i % 2 == 0 ? "fr" : "en", $"facebook/step-{t}-{i}", null, Now.AddMilliseconds(t * SavesPerTask + i));
                    await locks[k].WaitAsync();
                    try
                    {
                        await store.SaveAsync(key, state);
                        last[k] = state;
                    }
                    finally
                    {
                        locks[k].Release();
                    }

                    Assert.NotNull(await store.GetAsync(key, DateTimeOffset.MinValue));
                }
            })).ToArray();
            await Task.WhenAll(work);

            for (var k = 0; k < Keys; k++)
            {
                Assert.Equal(last[k], await store.GetAsync(new ConversationKey("web", "conv-" + k, "user-" + k), DateTimeOffset.MinValue));
            }

            await store.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using var restarted = NewStore();
        for (var k = 0; k < Keys; k++)
        {
            Assert.Equal(last[k], await restarted.GetAsync(new ConversationKey("web", "conv-" + k, "user-" + k), DateTimeOffset.MinValue));
        }

        Assert.Equal((long)Keys, SqliteDatabaseTests.Scalar<long>(_path, "SELECT COUNT(*) FROM conversation_state"));
    }

    [Fact]
    public async Task TwoStoresOnTheSameFile_WritingAtOnce_KeepEveryState()
    {
        await using var a = NewStore();
        await using var b = NewStore();

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 300; i++) { await a.SaveAsync(new ConversationKey("web", "a" + i, "u"), new ConversationState("fr", null, null, Now)); } }),
            Task.Run(async () => { for (var i = 0; i < 300; i++) { await b.SaveAsync(new ConversationKey("web", "b" + i, "u"), new ConversationState("en", null, null, Now)); } }));
        await Task.WhenAll(a.FlushAsync(), b.FlushAsync()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(600L, SqliteDatabaseTests.Scalar<long>(_path, "SELECT COUNT(*) FROM conversation_state"));
    }

    [Fact(Skip = "storage bug: after a failed batch the keys are not queued again, so the state is never written and FlushAsync (and /mydata) waits forever")]
    public async Task AWriteThatFailsOnce_IsRetried_SoTheStateReachesTheFile()
    {
        await using var store = NewStore();
        Execute("DROP TABLE conversation_state"); // the next batch fails with "no such table"
        var state = new ConversationState("en", null, null, Now);

        await store.SaveAsync(Key, state);
        await Task.Delay(300);
        Execute(SqliteDatabase.Migrations("Sqlite").First(m => m.Version == 1).Sql);

        await store.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await using var restarted = NewStore();
        Assert.Equal(state, await restarted.GetAsync(Key, Now));
    }

    private void Execute(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConversationStore NewStore() => new(new SqliteDatabase(_path));

    public void Dispose() => _temp.Dispose();
}
