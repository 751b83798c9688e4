namespace OptOutBot.Broadcasts.Calendar;

/// <summary>Every dated event, past and future. Past events stay: they are history for the deadline answer.</summary>
public sealed class DeadlineCalendar
{
    public static readonly DeadlineCalendar Empty = new([]);

    public DeadlineCalendar(IReadOnlyList<DeadlineEvent> events)
    {
        Events = events.OrderBy(e => e.At).ToArray();
    }

    /// <summary>Ordered by date.</summary>
    public IReadOnlyList<DeadlineEvent> Events { get; }

    public DeadlineEvent? Find(string id) => Events.FirstOrDefault(e => e.Id == id);

    public IEnumerable<DeadlineEvent> Upcoming(DateTimeOffset now) => Events.Where(e => e.At > now);

    public IEnumerable<DeadlineEvent> Past(DateTimeOffset now) => Events.Where(e => e.At <= now);
}
