using OptOutBot.Engine.Conversations;

namespace OptOutBot.Broadcasts.Outbox;

/// <summary>
/// The durable outbox: broadcasts, one row per recipient, and the reminder plan. Every state change is committed before
/// the next step acts on it, which is what makes a crash lose nothing (see docs/broadcasts.md).
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Creates the broadcast and one pending row per subscribed address (deduplicated) in one transaction.
    /// Idempotent on <see cref="BroadcastDraft.Key"/>: a second call returns the existing broadcast with Created = false.
    /// </summary>
    ValueTask<PlanResult> PlanAsync(BroadcastDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> rows of one channel that are due (pending and due, or in flight with an
    /// expired lease: their sender died) and marks them in flight for <paramref name="owner"/> until <paramref name="leaseUntil"/>.
    /// Safe when several instances claim at once: a row goes to one of them.
    /// </summary>
    ValueTask<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, string channel, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// The heartbeat of a live claim: moves the lease of those of <paramref name="ids"/> still in flight for
    /// <paramref name="owner"/> to <paramref name="leaseUntil"/>, and returns how many. A row another instance has
    /// claimed since (the lease had lapsed) is left alone.
    /// </summary>
    ValueTask<int> RenewAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records outcomes in one transaction, for the rows still in flight for <paramref name="owner"/>: a row whose lease
    /// lapsed and that another instance claimed since keeps that instance's claim (its outcome is the one recorded), so a
    /// late outcome never sends a row back to pending while it is being sent again. A Gone outcome also deletes every
    /// subscription of that address, whoever holds the row.
    /// </summary>
    ValueTask CompleteAsync(string owner, IReadOnlyList<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default);

    ValueTask<BroadcastContent?> GetContentAsync(long broadcastId, CancellationToken cancellationToken = default);

    /// <summary>The most recent broadcasts first, with per-state counts.</summary>
    ValueTask<IReadOnlyList<BroadcastStats>> ListStatsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same <paramref name="limit"/> most recent broadcasts as <see cref="ListStatsAsync"/>, split by channel. Rows purged
    /// after Storage:DeliveredRetention are in the broadcast's totals only (their channel is not kept).
    /// </summary>
    ValueTask<IReadOnlyList<ChannelStats>> ListChannelStatsAsync(int limit, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<ReminderRecord>> ListRemindersAsync(CancellationToken cancellationToken = default);

    ValueTask SaveReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken = default);
}

public enum BroadcastKind
{
    Reminder,
    Announcement,
}

/// <param name="Key">Idempotency key, e.g. "reminder:meta-ai-training:7d@2026-05-27T00:00Z" or "announce:&lt;hash&gt;".</param>
/// <param name="Topic">Only subscribers of this topic (and of everything) receive it; null = every subscriber.</param>
public sealed record BroadcastDraft(string Key, BroadcastKind Kind, string? Topic, BroadcastContent Content, DateTimeOffset CreatedAt);

public sealed record PlanResult(long BroadcastId, bool Created, int Recipients);

/// <summary>One recipient's message waiting to go out.</summary>
/// <param name="PartsSent">Leading parts of a multi-part message already accepted by the platform (an earlier attempt): the next attempt starts after them.</param>
public sealed record OutboxItem(long Id, long BroadcastId, ChannelAddress Address, ConversationScope Scope, string Locale, int Attempts, int PartsSent = 0);

public enum OutcomeKind
{
    Sent,

    /// <summary>Try again at <see cref="OutboxOutcome.NextAttemptAt"/>; counted as a retry.</summary>
    Retry,

    /// <summary>The platform said to wait (429): try again at <see cref="OutboxOutcome.NextAttemptAt"/>; a retry, but not a failed attempt.</summary>
    RateLimited,

    /// <summary>Not tried (paused, per-chat pacing, shutting down): back to pending, no retry counted.</summary>
    Deferred,
    Gone,
    Failed,
}

/// <param name="PartsSent">
/// For a row going back to pending: the leading parts of its message the platform has accepted so far (never lowers
/// what is recorded); null leaves the recorded count as it is.
/// </param>
public sealed record OutboxOutcome(long Id, ChannelAddress Address, OutcomeKind Kind, DateTimeOffset? NextAttemptAt = null, string? Error = null, int? PartsSent = null);

public sealed record BroadcastStats(
    long Id,
    string Key,
    BroadcastKind Kind,
    string? Topic,
    DateTimeOffset CreatedAt,
    int Total,
    int Queued,
    int InFlight,
    int Sent,
    int Retried,
    int Gone,
    int Failed)
{
    public bool Done => Queued == 0 && InFlight == 0;

    public double Progress => Total == 0 ? 1 : (double)(Sent + Gone + Failed) / Total;
}

/// <summary>One channel's share of a broadcast (rows still in the outbox).</summary>
public sealed record ChannelStats(long BroadcastId, string Channel, int Queued, int InFlight, int Sent, int Retried, int Gone, int Failed)
{
    public int Total => Queued + InFlight + Sent + Gone + Failed;
}

public enum ReminderState
{
    Planned,
    Fired,

    /// <summary>Already past when first planned (e.g. the event was added late): kept as history, never sent.</summary>
    Skipped,

    /// <summary>Fell due while the bot was down for longer than the grace period: kept as history, never sent late.</summary>
    Missed,

    /// <summary>The event or the offset left the calendar before it fell due.</summary>
    Cancelled,
}

/// <param name="Key">"event-id:offset", the idempotency key of the reminder.</param>
/// <param name="EventAt">The event instant it was planned against; a different one means the event was moved.</param>
public sealed record ReminderRecord(string Key, string EventId, string Offset, DateTimeOffset DueAt, DateTimeOffset EventAt, ReminderState State, long? BroadcastId, DateTimeOffset UpdatedAt);
