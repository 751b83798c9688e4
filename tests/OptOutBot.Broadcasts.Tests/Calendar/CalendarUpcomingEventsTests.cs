using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Broadcasts.Tests.Calendar;

/// <summary>The engine's view of the calendar, for the deadline answer: only what is still to come, soonest first.</summary>
public sealed class CalendarUpcomingEventsTests
{
    private const string Yaml = """
        events:
          - id: past
            platform: meta
            at: 2025-05-27T00:00
            time_zone: Europe/Dublin
            title: { fr: Passé, en: Past }
            text: { fr: Passé., en: Past. }
          - id: later
            platform: linkedin
            at: 2027-03-16T00:00
            time_zone: Europe/Dublin
            title: { fr: Plus tard, en: Later }
            text: { fr: Plus tard., en: Later. }
            links:
              - label: { fr: Source FR, en: Source EN }
                url: https://example.org/later
          - id: soon
            platform: meta
            at: 2027-01-10T10:00
            time_zone: Europe/Paris
            title: { fr: Bientôt, en: Soon }
            text: { fr: Bientôt., en: Soon. }
        """;

    private static readonly IUpcomingEvents Events = new CalendarUpcomingEvents(
        new StaticCalendarSource(DeadlineCalendarLoader.Parse(Yaml, "deadlines.yaml", ["fr", "en"]).Calendar));

    [Fact]
    public void BeforeTheLastEvent_GivesTheComingOnesSoonestFirst_WithTheirLocalTimeZoneAndSource()
    {
        var next = Events.After(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 3);

        Assert.Equal(["soon", "later"], next.Select(e => e.Id));
        Assert.Equal(new DateTime(2027, 1, 10, 10, 0, 0), next[0].LocalAt);
        Assert.Equal("Europe/Paris", next[0].TimeZone);
        Assert.Equal(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero), next[0].At);
        Assert.Equal("Source EN", next[1].Links.Single().Label["en"]);
        Assert.Equal("https://example.org/later", next[1].Links.Single().Url);
    }

    [Fact]
    public void AfterTheLastEvent_GivesNothing()
    {
        Assert.Empty(Events.After(new DateTimeOffset(2027, 3, 16, 0, 0, 0, TimeSpan.Zero), 3)); // 00:00 UTC = 00:00 in Dublin in March
    }

    [Fact]
    public void GivesAtMostTheNumberAsked()
    {
        Assert.Equal(["soon"], Events.After(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 1).Select(e => e.Id));
    }
}
