namespace OptOutBot.Engine.Ports;

/// <summary>
/// The dated events the deadline answer lists. Implemented by the broadcasts module over its calendar
/// (<c>dialogs/deadlines.yaml</c>), so the engine knows nothing of the calendar's file format or of reminders.
/// </summary>
public interface IUpcomingEvents
{
    /// <summary>The events strictly after <paramref name="now"/>, soonest first, at most <paramref name="max"/>.</summary>
    IReadOnlyList<UpcomingEvent> After(DateTimeOffset now, int max);
}

/// <summary>One dated event as a person reads it.</summary>
/// <param name="At">The instant it happens.</param>
/// <param name="LocalAt">Wall-clock time in <paramref name="TimeZone"/>, as the calendar's author wrote it.</param>
/// <param name="TimeZone">IANA name, e.g. Europe/Dublin.</param>
/// <param name="Title">Per language.</param>
/// <param name="Text">Per language, in the neutral markup.</param>
/// <param name="Links">Where the date comes from (the source), per-language labels.</param>
public sealed record UpcomingEvent(
    string Id,
    DateTimeOffset At,
    DateTime LocalAt,
    string TimeZone,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Text,
    IReadOnlyList<UpcomingEventLink> Links);

public sealed record UpcomingEventLink(IReadOnlyDictionary<string, string> Label, string Url);
