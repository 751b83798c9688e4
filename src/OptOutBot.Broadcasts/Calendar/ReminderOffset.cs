using System.Globalization;

namespace OptOutBot.Broadcasts.Calendar;

/// <summary>
/// How long before an event a reminder goes out: "7d", "1d", "2h", "30m". Days are calendar days in the event's
/// time zone (a 7d reminder for 09:00 stays at 09:00 local across a DST change); hours and minutes are elapsed time.
/// </summary>
public readonly record struct ReminderOffset(int Amount, char Unit) : IComparable<ReminderOffset>
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Amount}{Unit}");

    public TimeSpan Approximate => Unit switch
    {
        'd' => TimeSpan.FromDays(Amount),
        'h' => TimeSpan.FromHours(Amount),
        _ => TimeSpan.FromMinutes(Amount),
    };

    public static bool TryParse(string? text, out ReminderOffset offset)
    {
        offset = default;
        if (string.IsNullOrEmpty(text) || text.Length < 2)
        {
            return false;
        }

        var unit = text[^1];
        if (unit is not ('d' or 'h' or 'm')
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0 || amount > 366 * 24 * 60)
        {
            return false;
        }

        offset = new ReminderOffset(amount, unit);
        return true;
    }

    public DateTimeOffset DueAt(DeadlineEvent deadline) => Unit == 'd'
        ? ZoneTime.ToInstant(deadline.LocalAt.AddDays(-Amount), deadline.TimeZone)
        : deadline.At - Approximate;

    public int CompareTo(ReminderOffset other) => Approximate.CompareTo(other.Approximate);

    public override string ToString() => Key;
}

/// <summary>Wall-clock ↔ instant conversions with explicit rules for DST gaps and overlaps.</summary>
public static class ZoneTime
{
    /// <summary>
    /// The instant of a wall-clock time. In a DST overlap the first occurrence wins (a reminder should rather be early
    /// than late); in a DST gap the time moves forward by the gap (02:30 on a spring-forward night becomes 03:30).
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }

        if (zone.IsInvalidTime(local))
        {
            // The offset in force just before the gap turns the missing wall time into the instant after the gap.
            var before = zone.GetUtcOffset(local.AddHours(-6));
            return new DateTimeOffset(local, before).ToUniversalTime();
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
}
