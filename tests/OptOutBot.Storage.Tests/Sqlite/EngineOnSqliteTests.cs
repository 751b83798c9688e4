using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Storage.Sqlite;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests.Sqlite;

/// <summary>The engine on the real content with its state in a SQLite file: what a person notices across restarts.</summary>
public sealed class EngineOnSqliteTests : IClassFixture<EngineOnSqliteTests.Content>, IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _path;
    private readonly BotContent _content;

    public EngineOnSqliteTests(Content content)
    {
        _content = content.Value;
        _path = _temp.File("bot.db");
        new SqliteDatabase(_path).Migrate();
    }

    [Fact]
    public async Task LanguageChoice_SurvivesARestart()
    {
        await using (var store = NewStore())
        {
            await Engine(store).HandleAsync(Message(new CommandInput("language", "en")));
        }

        await using var restarted = NewStore();
        var result = await Engine(restarted).HandleAsync(Message(new TextInput("comment m'opposer sur insta ?")));

        Assert.Equal("en", result.Locale);
        Assert.Equal("optout-instagram-steps", result.TopicId);
    }

    [Fact]
    public async Task GuideStep_SurvivesARestart_SoTypingTheNextChoiceStillWorks()
    {
        await using (var store = NewStore())
        {
            await Engine(store).HandleAsync(Message(new CommandInput("optout", "facebook")));
        }

        await using var restarted = NewStore();
        var result = await Engine(restarted).HandleAsync(Message(new TextInput("C'est fait")));

        Assert.Equal(TurnOutcome.FlowStep, result.Outcome);
        Assert.Equal("facebook/privacy-center", result.FlowStep);
    }

    [Fact]
    public async Task ForgetYes_LeavesNoRowOfThePersonInTheFile()
    {
        await using (var store = NewStore())
        {
            var engine = Engine(store);
            await engine.HandleAsync(Message(new CommandInput("language", "en")));
            await engine.HandleAsync(Message(new CommandInput("optout", "instagram"), conversation: "group"));
            await engine.HandleAsync(Message(new CommandInput("language", "en"), user: "someone-else"));

            var result = await engine.HandleAsync(Message(new ActionInput("c:forget:yes")));

            Assert.Contains("2 item(s) erased", string.Join("\n", result.Reply.Messages.Select(m => m.Text)), StringComparison.Ordinal);
        }

        // Ids are keyed hashes in the table: the other person's row is the only one left, and no id is in clear.
        Assert.Equal(1L, SqliteDatabaseTests.Scalar<long>(_path, "SELECT COUNT(*) FROM conversation_state"));
        Assert.Equal(0L, SqliteDatabaseTests.Scalar<long>(_path, "SELECT COUNT(*) FROM conversation_state WHERE user_id IN ('user-1', 'someone-else') OR conversation_id IN ('chat-1', 'group')"));
        await using var restarted = NewStore();
        Assert.Equal("en", (await Engine(restarted).HandleAsync(Message(new CommandInput("about"), user: "someone-else"))).Locale);
    }

    [Fact]
    public async Task ManyPeopleAtOnce_EachKeepTheirOwnLanguage()
    {
        await using (var store = NewStore())
        {
            var engine = Engine(store);
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            {
                await engine.HandleAsync(Message(new CommandInput("language", i % 2 == 0 ? "en" : "fr"), user: "p" + i));
                await engine.HandleAsync(Message(new TextInput("comment m'opposer sur insta ?"), user: "p" + i));
            })));
        }

        await using var restarted = NewStore();
        var engineAfter = Engine(restarted);
        for (var i = 0; i < 40; i++)
        {
            var result = await engineAfter.HandleAsync(Message(new CommandInput("about"), user: "p" + i));
            Assert.Equal(i % 2 == 0 ? "en" : "fr", result.Locale);
        }
    }

    private static InboundMessage Message(MessageInput input, string conversation = "chat-1", string user = "user-1") => new("web", conversation, user, input);

    private ConversationEngine Engine(SqliteConversationStore store) =>
        new(_content, store, TimeProvider.System, Options.Create(new ConversationOptions()), [store]);

    private SqliteConversationStore NewStore() => new(new SqliteDatabase(_path));

    public void Dispose() => _temp.Dispose();

    /// <summary>The real dialogs/ content, loaded once for the class.</summary>
    public sealed class Content
    {
        public BotContent Value { get; } = BotContent.Load(RepositoryPaths.Root, new ContentOptions(), TimeProvider.System);
    }
}
