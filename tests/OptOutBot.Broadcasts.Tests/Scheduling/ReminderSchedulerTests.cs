using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Scheduling;
using OptOutBot.Broadcasts.Tests.Support;

namespace OptOutBot.Broadcasts.Tests.Scheduling;

public sealed class ReminderSchedulerTests
{
    private static readonly ContentLocales Locales = new(["fr", "en"]);

    private readonly InMemoryOutboxStore _store = new();
    private readonly StaticCalendarSource _calendar = new(DeadlineCalendar.Empty);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-05-20T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private ReminderScheduler Scheduler(int graceMinutes = 60) => new(
        _calendar, _store, Locales, _time, Options.Create(new BroadcastsOptions { LateGrace = TimeSpan.FromMinutes(graceMinutes) }), new DispatchSignal(), NullLogger<ReminderScheduler>.Instance);

    private static DeadlineCalendar Calendar(string at, string zone = "Europe/Paris", string reminders = "[\"7d\", \"1d\", \"2h\"]", string id = "meta-training", string text = "Meta commence.") =>
        DeadlineCalendarLoader.Parse(
            $$"""
            events:
              - id: {{id}}
                platform: meta
                at: {{at}}
                time_zone: {{zone}}
                title: { fr: Entraînement, en: Training }
                text: { fr: {{text}}, en: Meta starts. }
                reminders: {{reminders}}
            """,
            "deadlines.yaml",
            Locales.All) is { IsValid: true } r ? r.Calendar : throw new InvalidOperationException("bad test calendar");

    private ReminderState State(string key) => _store.Reminders[key].State;

    [Fact]
    public async Task Startup_OffsetsAlreadyPast_AreKeptAsSkippedHistory_AndNothingIsSentLate()
    {
        // Event in 3 days: the 7-day reminder's time has passed before the bot ever saw the event.
        _calendar.Current = Calendar("2026-05-23T10:00");

        await Scheduler().TickAsync();

        Assert.Empty(_store.Broadcasts);
        Assert.Equal(ReminderState.Skipped, State("meta-training:7d"));
        Assert.Equal(ReminderState.Planned, State("meta-training:1d"));
        Assert.Equal(ReminderState.Planned, State("meta-training:2h"));
    }

    [Fact]
    public async Task DueReminder_FiresOnce_EvenWhenTickedAgain()
    {
        _calendar.Current = Calendar("2026-05-23T10:00");
        var scheduler = Scheduler();
        await scheduler.TickAsync();

        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-22T08:00:30Z", System.Globalization.CultureInfo.InvariantCulture)); // 1d = 22 May 10:00 CEST = 08:00Z
        await scheduler.TickAsync();
        await scheduler.TickAsync();

        var broadcast = Assert.Single(_store.Broadcasts);
        Assert.Equal("reminder:meta-training:1d@2026-05-23T08:00Z", broadcast.Key);
        Assert.Equal("meta", broadcast.Topic);
        Assert.Equal(BroadcastKind.Reminder, broadcast.Kind);
        Assert.Contains("Meta starts.", broadcast.Content.ToReply("en").Messages[0].Text);
        Assert.Contains("**Entraînement**", broadcast.Content.ToReply("fr").Messages[0].Text);
        Assert.Equal(ReminderState.Fired, State("meta-training:1d"));
        Assert.Equal(ReminderState.Planned, State("meta-training:2h"));
    }

    [Fact]
    public async Task TimeZones_SameLocalTimeInTwoZones_FireAtTheirOwnInstants()
    {
        var paris = Calendar("2026-05-23T10:00", "Europe/Paris", "[\"1h\"]", "paris");
        var newYork = Calendar("2026-05-23T10:00", "America/New_York", "[\"1h\"]", "new-york");
        _calendar.Current = new DeadlineCalendar([.. paris.Events, .. newYork.Events]);
        var scheduler = Scheduler();
        await scheduler.TickAsync();

        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-23T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture)); // 09:00 CEST
        await scheduler.TickAsync();
        Assert.Equal(["reminder:paris:1h@2026-05-23T08:00Z"], _store.Broadcasts.Select(b => b.Key));

        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-23T12:59:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();
        Assert.Single(_store.Broadcasts);

        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-23T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture)); // 09:00 EDT
        await scheduler.TickAsync();
        Assert.Equal("reminder:new-york:1h@2026-05-23T14:00Z", _store.Broadcasts[1].Key);
    }

    [Fact]
    public async Task DstChange_WeekBeforeReminder_FiresAtTheSameLocalHour()
    {
        _time.SetUtcNow(DateTimeOffset.Parse("2026-10-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _calendar.Current = Calendar("2026-10-30T09:00", reminders: "[\"7d\"]");
        var scheduler = Scheduler();
        await scheduler.TickAsync();

        _time.SetUtcNow(DateTimeOffset.Parse("2026-10-23T06:59:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse("2026-10-23T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture), await scheduler.TickAsync());
        Assert.Empty(_store.Broadcasts);

        _time.SetUtcNow(DateTimeOffset.Parse("2026-10-23T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture)); // 09:00 CEST
        await scheduler.TickAsync();
        Assert.Single(_store.Broadcasts);
    }

    [Fact]
    public async Task EditedEvent_MovedBeforeItsReminderFired_IsReplannedForTheNewDate()
    {
        _calendar.Current = Calendar("2026-05-23T10:00", reminders: "[\"1d\"]");
        var scheduler = Scheduler();
        await scheduler.TickAsync();

        // The author postpones the event by two days.
        _calendar.Current = Calendar("2026-05-25T10:00", reminders: "[\"1d\"]");
        await scheduler.TickAsync();
        Assert.Equal(DateTimeOffset.Parse("2026-05-24T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), _store.Reminders["meta-training:1d"].DueAt);

        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-22T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture)); // the old due time
        await scheduler.TickAsync();
        Assert.Empty(_store.Broadcasts);

        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-24T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();
        Assert.Equal("reminder:meta-training:1d@2026-05-25T08:00Z", Assert.Single(_store.Broadcasts).Key);
    }

    [Fact]
    public async Task EditedEvent_PostponedAfterItsReminderFired_RemindsAgainForTheNewDate()
    {
        _calendar.Current = Calendar("2026-05-23T10:00", reminders: "[\"1d\"]");
        var scheduler = Scheduler();
        await scheduler.TickAsync();
        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-22T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();
        Assert.Single(_store.Broadcasts);

        _calendar.Current = Calendar("2026-06-23T10:00", reminders: "[\"1d\"]");
        await scheduler.TickAsync();
        Assert.Equal(ReminderState.Planned, State("meta-training:1d"));

        _time.SetUtcNow(DateTimeOffset.Parse("2026-06-22T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();
        Assert.Equal(2, _store.Broadcasts.Count);
        Assert.Equal("reminder:meta-training:1d@2026-06-23T08:00Z", _store.Broadcasts[1].Key);
    }

    [Fact]
    public async Task EditedEvent_TextOnly_DoesNotResendAFiredReminder()
    {
        _calendar.Current = Calendar("2026-05-23T10:00", reminders: "[\"1d\"]");
        var scheduler = Scheduler();
        await scheduler.TickAsync();
        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-22T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();

        _calendar.Current = Calendar("2026-05-23T10:00", reminders: "[\"1d\"]", text: "Texte corrigé.");
        await scheduler.TickAsync();

        Assert.Single(_store.Broadcasts);
        Assert.Equal(ReminderState.Fired, State("meta-training:1d"));
    }

    [Fact]
    public async Task Downtime_ReminderDueWithinGrace_IsSentLate_ButBeyondGraceIsMissed()
    {
        _calendar.Current = Calendar("2026-05-23T10:00", reminders: "[\"1d\", \"2h\"]");
        var scheduler = Scheduler(graceMinutes: 60);
        await scheduler.TickAsync();

        // The bot was down from before the 1d reminder until 3 hours after it.
        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-22T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();
        Assert.Empty(_store.Broadcasts);
        Assert.Equal(ReminderState.Missed, State("meta-training:1d"));

        // Down again over the 2h reminder (06:00Z), back 30 minutes later: still worth sending.
        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-23T06:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();
        Assert.Equal("reminder:meta-training:2h@2026-05-23T08:00Z", Assert.Single(_store.Broadcasts).Key);
    }

    [Fact]
    public async Task RemovedEvent_PlannedRemindersAreCancelled_AndNeverSent()
    {
        _calendar.Current = Calendar("2026-05-23T10:00", reminders: "[\"1d\"]");
        var scheduler = Scheduler();
        await scheduler.TickAsync();

        _calendar.Current = DeadlineCalendar.Empty;
        await scheduler.TickAsync();
        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-22T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await scheduler.TickAsync();

        Assert.Equal(ReminderState.Cancelled, State("meta-training:1d"));
        Assert.Empty(_store.Broadcasts);
    }

    [Fact]
    public async Task CrashAfterPlanningBeforeMarkingFired_NextTickDoesNotDuplicateTheBroadcast()
    {
        _calendar.Current = Calendar("2026-05-23T10:00", reminders: "[\"1d\"]");
        var scheduler = Scheduler();
        await scheduler.TickAsync();
        _time.SetUtcNow(DateTimeOffset.Parse("2026-05-22T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        _store.FailNextReminderSave = true;
        await Assert.ThrowsAsync<IOException>(() => scheduler.TickAsync());
        await scheduler.TickAsync();

        Assert.Equal(2, _store.PlanCalls);
        Assert.Single(_store.Broadcasts);
        Assert.Equal(ReminderState.Fired, State("meta-training:1d"));
    }
}
