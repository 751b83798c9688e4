using Microsoft.Extensions.Logging;

namespace OptOutBot.Broadcasts;

internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "No calendar at {Path}: no reminders will be planned until it exists")]
    public static partial void CalendarMissing(ILogger logger, string path);

    [LoggerMessage(7002, LogLevel.Error, "deadlines.yaml was edited but is invalid ({Count} errors); keeping the previous calendar: {Errors}")]
    public static partial void CalendarReloadRejected(ILogger logger, int count, string errors);

    [LoggerMessage(7003, LogLevel.Information, "Calendar reloaded: {Count} events")]
    public static partial void CalendarReloaded(ILogger logger, int count);

    [LoggerMessage(7010, LogLevel.Information, "Reminder {Key} fired: broadcast {BroadcastId} to {Recipients} recipients")]
    public static partial void ReminderFired(ILogger logger, string key, long broadcastId, int recipients);

    [LoggerMessage(7011, LogLevel.Information, "Reminder {Key} {State}: due {DueAt:O}")]
    public static partial void ReminderRecorded(ILogger logger, string key, string state, DateTimeOffset dueAt);

    [LoggerMessage(7013, LogLevel.Information, "{Count} reminder(s) of the calendar were already past when first seen: recorded as skipped, not sent")]
    public static partial void PastRemindersSkipped(ILogger logger, int count);

    [LoggerMessage(7012, LogLevel.Error, "Scheduler tick failed; retrying next tick")]
    public static partial void SchedulerTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(7020, LogLevel.Warning, "{Channel}: global rate limit, pausing {Seconds:0.###}s")]
    public static partial void GlobalPause(ILogger logger, string channel, double seconds);

    [LoggerMessage(7021, LogLevel.Information, "{Channel}: recipient gone ({Reason}); unsubscribed")]
    public static partial void RecipientGone(ILogger logger, string channel, string reason);

    [LoggerMessage(7022, LogLevel.Warning, "{Channel}: send failed ({Reason}), attempt {Attempt}, transient {Transient}")]
    public static partial void SendFailed(ILogger logger, string channel, string reason, int attempt, bool transient);

    [LoggerMessage(7023, LogLevel.Error, "{Channel}: dispatcher loop failed; retrying")]
    public static partial void DispatchLoopFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(7024, LogLevel.Warning, "Outbox rows wait for channel {Channel}, which has no sender in this process")]
    public static partial void NoSender(ILogger logger, string channel);

    [LoggerMessage(7025, LogLevel.Error, "Writing {Count} outcomes failed; retrying")]
    public static partial void CompletionFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(7026, LogLevel.Error, "{Channel}: sender threw; treated as a transient failure")]
    public static partial void SenderThrew(ILogger logger, string channel, Exception exception);

    [LoggerMessage(7027, LogLevel.Warning, "Renewing the lease of {Count} outbox rows failed; retrying at the next heartbeat")]
    public static partial void LeaseRenewalFailed(ILogger logger, int count, Exception exception);
}
