using OptOutBot.Engine.Conversations;

namespace OptOutBot.Observability;

/// <summary>Counts every turn by channel and outcome and times it, around whichever engine is registered.</summary>
internal sealed class MeteredConversationEngine(IConversationEngine inner, BotInstruments instruments, TimeProvider time) : IConversationEngine
{
    public async ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        TurnOutcome? outcome = null;
        try
        {
            var result = await inner.HandleAsync(message, cancellationToken).ConfigureAwait(false);
            outcome = result.Outcome;
            return result;
        }
        finally
        {
            instruments.Turn(message.Channel, outcome, time.GetElapsedTime(started).TotalSeconds);
        }
    }
}

/// <summary>Counts the redeliveries the update log recognised (an update seen before is not run again), by channel.</summary>
internal sealed class MeteredUpdateLog(Engine.Ports.IUpdateLog inner, BotInstruments instruments) : Engine.Ports.IUpdateLog
{
    public async ValueTask<Engine.Ports.UpdateRecord> BeginAsync(string channel, string updateId, TimeSpan takeOverAfter, CancellationToken cancellationToken = default)
    {
        var record = await inner.BeginAsync(channel, updateId, takeOverAfter, cancellationToken).ConfigureAwait(false);
        if (record.State != Engine.Ports.UpdateState.New)
        {
            instruments.DedupeHit(channel);
        }

        return record;
    }

    public ValueTask<Engine.Ports.UpdateState> SaveAnswerAsync(string channel, string updateId, string answer, bool queue, CancellationToken cancellationToken = default) =>
        inner.SaveAnswerAsync(channel, updateId, answer, queue, cancellationToken);

    public ValueTask<IReadOnlyList<Engine.Ports.QueuedAnswer>> ClaimQueuedAsync(string channel, string owner, int limit, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        inner.ClaimQueuedAsync(channel, owner, limit, leaseUntil, cancellationToken);

    public ValueTask MarkDeliveredAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) =>
        inner.MarkDeliveredAsync(channel, updateIds, cancellationToken);

    public ValueTask ReleaseAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) =>
        inner.ReleaseAsync(channel, updateIds, cancellationToken);

    public ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) =>
        inner.PurgeAsync(olderThan, cancellationToken);
}
