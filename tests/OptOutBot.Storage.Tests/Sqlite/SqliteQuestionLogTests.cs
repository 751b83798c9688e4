using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Sqlite;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests.Sqlite;

/// <summary>The operator's opt-in log of unanswered questions.</summary>
public sealed class SqliteQuestionLogTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Append_ThenList_NewestFirst_UpToTheLimit()
    {
        var database = new SqliteDatabase(_temp.File("bot.db"));
        database.Migrate();
        var log = new SqliteQuestionLog(database);
        await log.AppendAsync(new UnansweredQuestion("web", "fr", "recette de crêpes", Now));
        await log.AppendAsync(new UnansweredQuestion("telegram", "en", "what about my cat", Now.AddMinutes(1)));
        await log.AppendAsync(new UnansweredQuestion("discord", "fr", "appelez le [phone]", Now.AddMinutes(2)));

        var two = await log.ListAsync(2);
        var all = await new SqliteQuestionLog(new SqliteDatabase(_temp.File("bot.db"))).ListAsync(10);

        Assert.Equal(
            [new UnansweredQuestion("discord", "fr", "appelez le [phone]", Now.AddMinutes(2)), new UnansweredQuestion("telegram", "en", "what about my cat", Now.AddMinutes(1))],
            two.Select(q => q with { Id = 0 }));
        Assert.Equal(3, all.Count);
        Assert.Equal("recette de crêpes", all[^1].RedactedText);
    }

    [Fact]
    public async Task Delete_ById_RemovesThoseOnly_NullRemovesAll()
    {
        var database = new SqliteDatabase(_temp.File("bot.db"));
        database.Migrate();
        var log = new SqliteQuestionLog(database);
        foreach (var text in new[] { "one", "two", "three" })
        {
            await log.AppendAsync(new UnansweredQuestion("web", "en", text, Now));
        }

        var listed = await log.ListAsync(10);
        Assert.Equal(2, await log.DeleteAsync(listed.Where(q => q.RedactedText != "two").Select(q => q.Id).ToList()));
        Assert.Equal(["two"], (await log.ListAsync(10)).Select(q => q.RedactedText));
        Assert.Equal(0, await log.DeleteAsync([]));
        Assert.Equal(1, await log.DeleteAsync(null));
        Assert.Empty(await log.ListAsync(10));
    }

    [Fact]
    public async Task List_Empty_IsEmpty()
    {
        var database = new SqliteDatabase(_temp.File("bot.db"));
        database.Migrate();

        Assert.Empty(await new SqliteQuestionLog(database).ListAsync(10));
    }

    public void Dispose() => _temp.Dispose();
}
