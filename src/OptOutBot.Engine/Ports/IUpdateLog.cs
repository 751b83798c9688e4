namespace OptOutBot.Engine.Ports;

/// <summary>
/// Every accepted platform update with its state (received → answered/queued → delivered), shared by every instance:
/// a redelivery of an update whose answer is not known delivered is answered again, a delivered one is not. Answers
/// that cannot travel inline wait here, durably, until a sender claims them (see docs/delivery.md).
/// </summary>
public interface IUpdateLog
{
    /// <summary>
    /// Records the update as received, or says what is known about it. A record left in <see cref="UpdateState.Received"/>
    /// for longer than <paramref name="takeOverAfter"/> (its instance died mid-turn) is taken over and reported as new.
    /// A redelivery that finds the turn still running is noted, so that turn sends its answer through the platform API.
    /// </summary>
    ValueTask<UpdateRecord> BeginAsync(string channel, string updateId, TimeSpan takeOverAfter, CancellationToken cancellationToken = default);

    /// <summary>Records the update; false when it was already recorded (a redelivery to ignore).</summary>
    async ValueTask<bool> TryRecordAsync(string channel, string updateId, CancellationToken cancellationToken = default) =>
        (await BeginAsync(channel, updateId, TimeSpan.MaxValue, cancellationToken).ConfigureAwait(false)).State == UpdateState.New;

    /// <summary>
    /// Stores a turn's answer (adapter-defined, e.g. the Bot API calls as JSON). Inline answers (<paramref name="queue"/>
    /// false) are answered again on a redelivery; queued ones wait for <see cref="ClaimQueuedAsync"/>. An inline answer
    /// is queued instead when a redelivery came while the turn ran: the first request is gone. Returns the state stored.
    /// </summary>
    ValueTask<UpdateState> SaveAnswerAsync(string channel, string updateId, string answer, bool queue, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="limit"/> queued answers of one channel (unleased, or with an expired lease) for <paramref name="owner"/>.</summary>
    ValueTask<IReadOnlyList<QueuedAnswer>> ClaimQueuedAsync(string channel, string owner, int limit, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>The answer reached the platform (or never can): it is not sent again, and its text is dropped.</summary>
    ValueTask MarkDeliveredAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default);

    /// <summary>Gives claimed answers back (a clean stop before sending them), so the next start sends them at once.</summary>
    ValueTask ReleaseAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default);

    /// <summary>Forgets delivered records older than <paramref name="olderThan"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}

public enum UpdateState
{
    /// <summary>First delivery (or taken over): run the turn.</summary>
    New = -1,

    /// <summary>The turn is running on some instance.</summary>
    Received = 0,

    /// <summary>Answered inline; a redelivery means the platform did not get it: answer it again.</summary>
    Answered = 1,

    /// <summary>Waiting to be sent through the platform API.</summary>
    Queued = 2,

    Delivered = 3,
}

/// <summary>What the log knows about an update; <see cref="Answer"/> is set for <see cref="UpdateState.Answered"/>.</summary>
public readonly record struct UpdateRecord(UpdateState State, string? Answer = null)
{
    public static readonly UpdateRecord New = new(UpdateState.New);
}

public sealed record QueuedAnswer(string UpdateId, string Answer);
