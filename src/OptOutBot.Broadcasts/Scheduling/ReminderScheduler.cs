using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;

namespace OptOutBot.Broadcasts.Scheduling;

/// <summary>
/// Turns the calendar into reminder broadcasts. Each tick compares the calendar with the stored plan (one record per
/// event + offset): new offsets are planned, moved events re-planned, due ones fired once (the broadcast key makes a
/// repeat after a crash harmless), and offsets already past are kept as history instead of being sent late.
/// </summary>
public sealed class ReminderScheduler(
    IDeadlineCalendarSource calendar,
    IOutboxStore store,
    ContentLocales locales,
    TimeProvider time,
    IOptions<BroadcastsOptions> options,
    DispatchSignal signal,
    ILogger<ReminderScheduler> logger) : BackgroundService
{
    private readonly BroadcastsOptions _options = options.Value;

    /// <summary>Plans and fires what is due now. Returns when the next reminder falls due, if any.</summary>
    public async Task<DateTimeOffset?> TickAsync(CancellationToken cancellationToken = default)
    {
        calendar.Refresh();
        var now = time.GetUtcNow();
        var grace = _options.LateGrace;
        var existing = (await store.ListRemindersAsync(cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var inCalendar = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? next = null;
        var skippedPast = 0;

        foreach (var deadline in calendar.Current.Events)
        {
            foreach (var offset in deadline.Reminders)
            {
                var key = ReminderComposer.ReminderKey(deadline.Id, offset);
                inCalendar.Add(key);
                var due = deadline.DueAt(offset);
                existing.TryGetValue(key, out var record);
                var moved = record is not null && (record.EventAt != deadline.At || record.DueAt != due);
                ReminderState state;
                if (record is null)
                {
                    // Past at first sight (new event, fresh database): history only, never a late burst.
                    state = due > now ? ReminderState.Planned : ReminderState.Skipped;
                }
                else if (moved)
                {
                    // The event was edited: a new date deserves its reminders again, whatever happened to the old ones.
                    state = due > now ? ReminderState.Planned : record.State == ReminderState.Planned ? ReminderState.Skipped : record.State;
                }
                else
                {
                    state = record.State == ReminderState.Cancelled && due > now ? ReminderState.Planned : record.State;
                }

                if (state == ReminderState.Planned && due <= now)
                {
                    if (deadline.At > now && now - due <= grace)
                    {
                        var draft = new BroadcastDraft(ReminderComposer.BroadcastKey(deadline, offset), BroadcastKind.Reminder, deadline.Platform, ReminderComposer.Compose(deadline, locales), now);
                        var plan = await store.PlanAsync(draft, cancellationToken);
                        await store.SaveReminderAsync(new ReminderRecord(key, deadline.Id, offset.Key, due, deadline.At, ReminderState.Fired, plan.BroadcastId, now), cancellationToken);
                        Log.ReminderFired(logger, key, plan.BroadcastId, plan.Recipients);
                        signal.Notify();
                        continue;
                    }

                    state = ReminderState.Missed;
                }

                if (record is null || record.State != state || moved)
                {
                    await store.SaveReminderAsync(new ReminderRecord(key, deadline.Id, offset.Key, due, deadline.At, state, record?.BroadcastId, now), cancellationToken);
                    if (state == ReminderState.Skipped && record is null)
                    {
                        skippedPast++; // a fresh database meets every past reminder at once: one summary line below
                    }
                    else if (state != ReminderState.Planned || record is not null)
                    {
                        Log.ReminderRecorded(logger, key, state.ToString().ToLowerInvariant(), due);
                    }
                }

                if (state == ReminderState.Planned && (next is null || due < next))
                {
                    next = due;
                }
            }
        }

        foreach (var orphan in existing.Values.Where(r => r.State == ReminderState.Planned && !inCalendar.Contains(r.Key)))
        {
            await store.SaveReminderAsync(orphan with { State = ReminderState.Cancelled, UpdatedAt = now }, cancellationToken);
            Log.ReminderRecorded(logger, orphan.Key, "cancelled", orphan.DueAt);
        }

        if (skippedPast > 0)
        {
            Log.PastRemindersSkipped(logger, skippedPast);
        }

        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = _options.Tick;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = tick;
            try
            {
                var next = await TickAsync(stoppingToken);
                if (next is { } due)
                {
                    var untilDue = due - time.GetUtcNow();
                    wait = untilDue < wait ? (untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue) : wait;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SchedulerTickFailed(logger, e);
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
