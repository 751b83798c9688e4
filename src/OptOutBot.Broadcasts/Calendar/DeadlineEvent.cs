namespace OptOutBot.Broadcasts.Calendar;

/// <summary>A dated event from <c>dialogs/deadlines.yaml</c>: when it happens (in its own time zone), its wording, and its reminders.</summary>
/// <param name="Id">Stable kebab-case id; reminder keys are built from it.</param>
/// <param name="Platform">The platform it concerns ("meta", "linkedin"); subscriptions filter on it.</param>
/// <param name="LocalAt">Wall-clock time in <paramref name="TimeZone"/>, as the author wrote it.</param>
/// <param name="At">The same moment as an instant.</param>
/// <param name="Title">Per language.</param>
/// <param name="Text">Per language, in the neutral markup.</param>
/// <param name="Line">Line of the event in the file, for messages.</param>
public sealed record DeadlineEvent(
    string Id,
    string Platform,
    DateTime LocalAt,
    TimeZoneInfo TimeZone,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Text,
    IReadOnlyList<EventLink> Links,
    IReadOnlyList<ReminderOffset> Reminders,
    int Line = 0)
{
    /// <summary>When the reminder with this offset falls due.</summary>
    public DateTimeOffset DueAt(ReminderOffset offset) => offset.DueAt(this);

    public string TitleIn(string locale, string defaultLocale) => Localized.Pick(Title, locale, defaultLocale);

    public string TextIn(string locale, string defaultLocale) => Localized.Pick(Text, locale, defaultLocale);
}

/// <summary>A link button of an event; the label may differ per language.</summary>
public sealed record EventLink(IReadOnlyDictionary<string, string> Label, string Url);

internal static class Localized
{
    public static string Pick(IReadOnlyDictionary<string, string> values, string locale, string defaultLocale) =>
        values.TryGetValue(locale, out var v) ? v
        : values.TryGetValue(defaultLocale, out var d) ? d
        : values.Values.FirstOrDefault() ?? "";
}
