using Microsoft.Extensions.Time.Testing;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Tests.Support;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>What the bot remembers between turns, and for how long.</summary>
public sealed class ConversationStateTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    private static readonly ConversationKey Key = new(EngineExtensions.Channel, "chat-1", EngineExtensions.User);
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LanguageChoice_IsForgottenAfterStateTtlOfSilence()
    {
        var time = new FakeTimeProvider(Start);
        var engine = fixture.CreateEngine(time: time, options: new ConversationOptions { StateTtl = TimeSpan.FromDays(30) });
        await engine.CommandAsync("language", "en");

        time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        var later = await engine.CommandAsync("about");

        Assert.Equal("fr", later.Locale);
    }

    [Fact]
    public async Task LanguageChoice_IsKeptJustBeforeStateTtl()
    {
        var time = new FakeTimeProvider(Start);
        var engine = fixture.CreateEngine(time: time, options: new ConversationOptions { StateTtl = TimeSpan.FromDays(30) });
        await engine.CommandAsync("language", "en");

        time.Advance(TimeSpan.FromDays(29));
        var later = await engine.CommandAsync("about");

        Assert.Equal("en", later.Locale);
    }

    [Fact]
    public async Task EachTurn_ExtendsTheStateLifetime()
    {
        var time = new FakeTimeProvider(Start);
        var engine = fixture.CreateEngine(time: time, options: new ConversationOptions { StateTtl = TimeSpan.FromDays(7) });
        await engine.CommandAsync("language", "en");

        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromDays(5));
            Assert.Equal("en", (await engine.CommandAsync("about")).Locale);
        }
    }

    [Fact]
    public async Task GuideStep_IsRemembered_SoATypedLabelContinuesIt()
    {
        var store = new InMemoryConversationStore();
        var engine = fixture.CreateEngine(store);

        await engine.CommandAsync("optout", "facebook");
        var saved = await store.GetAsync(Key, DateTimeOffset.MinValue);

        Assert.NotNull(saved);
        Assert.Equal("facebook/open", saved.Flow);
        Assert.Equal("optout-facebook-steps", saved.LastTopic);
    }

    [Fact]
    public async Task AnsweringAQuestion_SavesNoMessageText()
    {
        var store = new InMemoryConversationStore();
        var engine = fixture.CreateEngine(store);

        await engine.AskAsync("est-ce que whatsapp est concerné");
        var saved = await store.GetAsync(Key, DateTimeOffset.MinValue);

        Assert.NotNull(saved);
        Assert.Null(saved.Locale); // no explicit choice: keep following the platform
        Assert.Equal("whatsapp", saved.LastTopic);
        Assert.DoesNotContain("concern", saved.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFallback_SavesNothingForANewPerson()
    {
        var store = new InMemoryConversationStore();
        var engine = fixture.CreateEngine(store);

        await engine.AskAsync("recette de crêpes");

        Assert.Null(await store.GetAsync(Key, DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task TwoPeopleInTheSameGroup_HaveTheirOwnLanguage()
    {
        var engine = fixture.CreateEngine();

        await engine.HandleAsync(EngineExtensions.Message(new CommandInput("language", "en"), conversation: "group", user: "anna"));
        var bob = await engine.HandleAsync(EngineExtensions.Message(new CommandInput("about"), conversation: "group", user: "bob"));
        var anna = await engine.HandleAsync(EngineExtensions.Message(new CommandInput("about"), conversation: "group", user: "anna"));

        Assert.Equal("fr", bob.Locale);
        Assert.Equal("en", anna.Locale);
    }

    [Fact]
    public async Task UnansweredQuestions_AreLoggedRedacted_OnlyWhenTheOperatorOptsIn()
    {
        var log = new ListQuestionLog();
        var on = fixture.CreateEngine(options: new ConversationOptions { LogUnansweredQuestions = true }, questionLog: log);
        var off = fixture.CreateEngine(questionLog: log);

        await off.AskAsync("recette de crêpes pour zoe@example.org");
        await on.AskAsync("recette de crêpes pour zoe@example.org ou 06 12 34 56 78");
        await on.AskAsync("comment m'opposer sur insta ?");

        var entry = Assert.Single(log.Entries);
        Assert.Equal("recette de crêpes pour [email] ou [phone]", entry.RedactedText);
        Assert.Equal(EngineExtensions.Channel, entry.Channel);
    }

    private sealed class ListQuestionLog : IQuestionLog
    {
        public List<UnansweredQuestion> Entries { get; } = [];

        public ValueTask AppendAsync(UnansweredQuestion question, CancellationToken cancellationToken = default)
        {
            Entries.Add(question);
            return ValueTask.CompletedTask;
        }

        public ValueTask<IReadOnlyList<UnansweredQuestion>> ListAsync(int limit, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<UnansweredQuestion>>(Entries.Take(limit).ToList());

        public ValueTask<int> DeleteAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Entries.RemoveAll(q => ids is null || ids.Contains(q.Id)));
    }
}
