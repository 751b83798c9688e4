using OptOutBot.Engine.Ports;

namespace OptOutBot.Broadcasts.Calendar;

/// <summary>The engine's view of the calendar for the deadline answer: the next events, as the file says them.</summary>
internal sealed class CalendarUpcomingEvents(IDeadlineCalendarSource source) : IUpcomingEvents
{
    public IReadOnlyList<UpcomingEvent> After(DateTimeOffset now, int max) =>
        source.Current.Upcoming(now).Take(max).Select(e => new UpcomingEvent(
            e.Id,
            e.At,
            e.LocalAt,
            e.TimeZone.Id,
            e.Title,
            e.Text,
            e.Links.Select(l => new UpcomingEventLink(l.Label, l.Url)).ToArray())).ToArray();
}
