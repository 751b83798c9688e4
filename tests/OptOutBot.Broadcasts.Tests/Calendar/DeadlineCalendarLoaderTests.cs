using OptOutBot.Broadcasts.Calendar;

namespace OptOutBot.Broadcasts.Tests.Calendar;

public sealed class DeadlineCalendarLoaderTests
{
    private static readonly string[] Locales = ["fr", "en"];

    private const string Valid = """
        events:
          - id: meta-ai-training
            platform: meta
            at: 2025-05-27T00:00
            time_zone: Europe/Paris
            title: { fr: Début de l'entraînement, en: Training starts }
            text:
              fr: Meta commence à utiliser les contenus publics.
              en: Meta starts using public content.
            links:
              - label: { fr: Formulaire, en: Form }
                url: https://www.facebook.com/help/contact/712876720715583
            reminders: ["1d", "7d", "2h"]
          - id: linkedin-training
            platform: linkedin
            at: 2025-11-03T09:00
            time_zone: Europe/Dublin
            title: { fr: LinkedIn, en: LinkedIn }
            text: { fr: Texte, en: Text }
        """;

    [Fact]
    public void Load_ValidFile_ConvertsLocalTimesWithTheirZone_AndOrdersReminders()
    {
        var result = DeadlineCalendarLoader.Parse(Valid, "deadlines.yaml", Locales);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var meta = result.Calendar.Find("meta-ai-training")!;
        Assert.Equal(new DateTimeOffset(2025, 5, 26, 22, 0, 0, TimeSpan.Zero), meta.At); // CEST = UTC+2
        Assert.Equal(["7d", "1d", "2h"], meta.Reminders.Select(r => r.Key));
        Assert.Equal("Form", meta.Links[0].Label["en"]);
        Assert.Equal(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero), result.Calendar.Find("linkedin-training")!.At); // Dublin winter = UTC
        Assert.Empty(result.Calendar.Find("linkedin-training")!.Reminders);
    }

    [Fact]
    public void Load_InvalidFile_ReportsEveryErrorWithFileAndLine()
    {
        const string yaml = """
            events:
              - id: Bad_Id
                platform: meta
                at: 2026-03-29T02:30
                time_zone: Europe/Paris
                title: { fr: Titre }
                text: { fr: Texte, en: Text }
                reminders: ["7d", "soon"]
              - id: second
                platform: meta
                at: 2026-06-01
                time_zone: Europe/Pariss
                title: { fr: T, en: T }
                text: { fr: T, en: T }
                links:
                  - { label: Form, url: "http://insecure.example" }
                colour: red
            """;

        var errors = DeadlineCalendarLoader.Parse(yaml, "deadlines.yaml", Locales).Errors;

        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:2:", StringComparison.Ordinal) && e.Contains("kebab-case"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:4:", StringComparison.Ordinal) && e.Contains("does not exist in Europe/Paris"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:6:", StringComparison.Ordinal) && e.Contains("no 'en' text"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:8:", StringComparison.Ordinal) && e.Contains("'soon'"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:11:", StringComparison.Ordinal) && e.Contains("local date-time"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:12:", StringComparison.Ordinal) && e.Contains("unknown time zone 'Europe/Pariss'"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:16:", StringComparison.Ordinal) && e.Contains("https"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:17:", StringComparison.Ordinal) && e.Contains("unknown key 'colour'"));
        Assert.Empty(DeadlineCalendarLoader.Parse(yaml, "deadlines.yaml", Locales).Calendar.Events);
    }

    [Fact]
    public void Load_DuplicateIdsAndRepeatedReminder_AreErrors()
    {
        const string yaml = """
            events:
              - { id: a, platform: meta, at: "2026-01-01T10:00", time_zone: Europe/Paris, title: { fr: T, en: T }, text: { fr: T, en: T } }
              - { id: a, platform: meta, at: "2026-01-02T10:00", time_zone: Europe/Paris, title: { fr: T, en: T }, text: { fr: T, en: T } }
              - { id: b, platform: meta, at: "2026-01-02T10:00", time_zone: Europe/Paris, title: { fr: T, en: T }, text: { fr: T, en: T }, reminders: ["1d", "24h"] }
            """;

        var errors = DeadlineCalendarLoader.Parse(yaml, "deadlines.yaml", Locales).Errors;

        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:4:", StringComparison.Ordinal) && e.Contains("listed twice"));
        Assert.Contains(errors, e => e.StartsWith("deadlines.yaml:3:", StringComparison.Ordinal) && e.Contains("duplicate event id 'a'"));
    }

    [Fact]
    public void Load_MissingFile_IsAnEmptyCalendar()
    {
        var result = DeadlineCalendarLoader.LoadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "deadlines.yaml"), Locales);
        Assert.True(result.IsValid);
        Assert.Empty(result.Calendar.Events);
    }
}

public sealed class RepositoryCalendarTests
{
    [Fact]
    public void TheShippedDeadlinesFile_IsValid_AndKeepsPastEventsAsHistory()
    {
        var result = DeadlineCalendarLoader.LoadFile(Path.Combine(OptOutBot.Testing.RepositoryPaths.Dialogs, "deadlines.yaml"), ["fr", "en"]);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.NotEmpty(result.Calendar.Events);
        Assert.NotEmpty(result.Calendar.Past(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
