using OptOutBot.Broadcasts.Calendar;

namespace OptOutBot.Broadcasts.Tests.Calendar;

public sealed class ReminderOffsetTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DeadlineEvent Event(string localAt, TimeZoneInfo zone)
    {
        var local = DateTime.Parse(localAt, System.Globalization.CultureInfo.InvariantCulture);
        return new DeadlineEvent("e", "meta", local, zone, ZoneTime.ToInstant(local, zone), new Dictionary<string, string>(), new Dictionary<string, string>(), [], []);
    }

    [Fact]
    public void DaysBefore_AcrossTheAutumnDstChange_KeepTheLocalWallClockTime()
    {
        // 30 Oct 2026 09:00 CET (UTC+1); a week earlier Paris is still on CEST (UTC+2).
        var e = Event("2026-10-30T09:00", Paris);
        var due = new ReminderOffset(7, 'd').DueAt(e);

        Assert.Equal(new DateTimeOffset(2026, 10, 23, 7, 0, 0, TimeSpan.Zero), due);
        Assert.Equal(new DateTime(2026, 10, 23, 9, 0, 0), ZoneTime.ToLocal(due, Paris));
        Assert.Equal(TimeSpan.FromDays(7) + TimeSpan.FromHours(1), e.At - due);
    }

    [Fact]
    public void HoursBefore_AcrossTheDstNight_AreElapsedTime()
    {
        // 25 Oct 2026 03:30 CET = 02:30 UTC; two real hours earlier is 00:30 UTC = 02:30 CEST (the first 02:30 of the night).
        var e = Event("2026-10-25T03:30", Paris);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), new ReminderOffset(2, 'h').DueAt(e));
    }

    [Fact]
    public void DaysBefore_LandingInTheSpringGap_MoveForwardPastIt()
    {
        // 30 Mar 2026 02:30 local exists (CEST); one day earlier, 29 Mar 02:30, is skipped by the clocks → 03:30 CEST = 01:30 UTC.
        var e = Event("2026-03-30T02:30", Paris);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), new ReminderOffset(1, 'd').DueAt(e));
    }

    [Fact]
    public void AmbiguousLocalTime_TakesTheFirstOccurrence()
    {
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), ZoneTime.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), Paris));
    }

    [Theory]
    [InlineData("7d", 7, 'd')]
    [InlineData("2h", 2, 'h')]
    [InlineData("45m", 45, 'm')]
    public void Parse_AcceptsDaysHoursMinutes(string text, int amount, char unit)
    {
        Assert.True(ReminderOffset.TryParse(text, out var offset));
        Assert.Equal(new ReminderOffset(amount, unit), offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("-1d")]
    [InlineData("0h")]
    [InlineData("1w")]
    [InlineData("1 d")]
    public void Parse_RejectsOtherShapes(string text) => Assert.False(ReminderOffset.TryParse(text, out _));
}
