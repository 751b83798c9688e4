using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Tests.Support;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>The deadline answer is built from the calendar at the moment of asking: the next dates, or none announced.</summary>
public sealed class DeadlineAnswerTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    private static readonly DateTimeOffset LastEvent = new(2027, 3, 15, 23, 0, 0, TimeSpan.Zero); // 16 March 2027, 00:00 in Dublin

    private static readonly UpcomingEvent[] Events =
    [
        Event("first", new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero), new DateTime(2027, 1, 10, 10, 0, 0), "Europe/Paris", "Première date", "First date"),
        Event("last", LastEvent, new DateTime(2027, 3, 16, 0, 0, 0), "Europe/Dublin", "Dernière date", "Last date"),
    ];

    [Fact]
    public async Task DeadlineCommand_BeforeTheLastEvent_ListsTheComingDatesInThePersonsLanguage()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var engine = Engine(time);

        var fr = (await engine.CommandAsync("deadline", localeHint: "fr")).PlainText();
        var en = (await engine.CommandAsync("deadline", localeHint: "en")).PlainText();

        Assert.Contains("10 janvier 2027, 10:00 (Europe/Paris) — Première date", fr);
        Assert.Contains("16 mars 2027 — Dernière date", fr);
        Assert.Contains("10 January 2027, 10:00 (Europe/Paris) — First date", en);
        Assert.Contains("16 March 2027 — Last date", en);
        Assert.DoesNotContain("No date is announced", en);
    }

    [Fact]
    public async Task DeadlineCommand_BetweenTwoEvents_NoLongerListsThePastOne()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));

        var text = (await Engine(time).CommandAsync("deadline", localeHint: "en")).PlainText();

        Assert.DoesNotContain("First date", text);
        Assert.Contains("Last date", text);
    }

    [Fact]
    public async Task DeadlineTopic_AfterTheLastEvent_SaysNoDateIsAnnounced()
    {
        var time = new FakeTimeProvider(LastEvent.AddMinutes(1));

        var result = await Engine(time).AskAsync("is there a deadline to opt out", localeHint: "en");

        Assert.Equal("deadline", result.TopicId);
        Assert.Contains("No date is announced at the moment", result.PlainText());
        Assert.DoesNotContain("Last date", result.PlainText());
    }

    [Fact]
    public async Task DeadlineAnswer_WithoutACalendar_SaysNoDateIsAnnounced_AndKeepsTheTopicsButtons()
    {
        var result = await fixture.CreateEngine().CommandAsync("deadline", localeHint: "en");

        Assert.Contains("No date is announced at the moment", result.PlainText());
        Assert.NotEmpty(result.Reply.Messages[^1].Choices); // the follow-ups come after the dates
    }

    [Fact]
    public async Task DeadlineAnswer_ListsEachEventsSourceAsALink()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

        var result = await Engine(time).CommandAsync("deadline", localeHint: "en");

        Assert.Contains(result.Reply.Messages.SelectMany(m => m.Links), l => l.Url == "https://example.org/first" && l.Label == "Source first");
    }

    [Fact]
    public async Task DeadlineAnswer_WhereNewsCanBeSent_OffersToSubscribe_ElseDoesNot()
    {
        var time = new FakeTimeProvider(LastEvent.AddDays(1));
        var engine = Engine(time, subscriptions: new RecordingSubscriptions(), push: new PushChannels(["telegram"]));

        var telegram = await engine.HandleAsync(PushTests.OnChannel("telegram", new CommandInput("deadline"), "en"));
        var web = await engine.HandleAsync(PushTests.OnChannel("web", new CommandInput("deadline"), "en"));

        Assert.Contains("I'll tell you when there is one: type /subscribe", telegram.PlainText());
        Assert.DoesNotContain("/subscribe", web.PlainText());
        Assert.Contains("ask me again later", web.PlainText());
    }

    private ConversationEngine Engine(TimeProvider time, ISubscriptionPort? subscriptions = null, PushChannels? push = null)
    {
        var store = new InMemoryConversationStore();
        return new ConversationEngine(fixture.Content, store, time, Options.Create(new ConversationOptions()), [store], subscriptions, calendar: new ListedEvents(Events), push: push);
    }

    private static UpcomingEvent Event(string id, DateTimeOffset at, DateTime local, string zone, string fr, string en) =>
        new(id, at, local, zone, new Dictionary<string, string> { ["fr"] = fr, ["en"] = en }, new Dictionary<string, string> { ["fr"] = "Texte.", ["en"] = "Text." },
            [new UpcomingEventLink(new Dictionary<string, string> { ["fr"] = "Source " + id, ["en"] = "Source " + id }, "https://example.org/" + id)]);

    /// <summary>A calendar that answers from a list, as the broadcasts module does from deadlines.yaml.</summary>
    private sealed class ListedEvents(IReadOnlyList<UpcomingEvent> events) : IUpcomingEvents
    {
        public IReadOnlyList<UpcomingEvent> After(DateTimeOffset now, int max) => events.Where(e => e.At > now).OrderBy(e => e.At).Take(max).ToList();
    }
}
