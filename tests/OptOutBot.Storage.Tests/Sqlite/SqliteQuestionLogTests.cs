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
            two);
        Assert.Equal(3, all.Count);
        Assert.Equal("recette de crêpes", all[^1].RedactedText);
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
