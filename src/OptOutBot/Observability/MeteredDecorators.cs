using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

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

/// <summary>Counts the redeliveries the update log recognises (dedupe hits), around whichever store is registered.</summary>
internal sealed class MeteredUpdateLog(IUpdateLog inner, BotInstruments instruments) : IUpdateLog, IAsyncDisposable
{
    public async ValueTask<bool> TryRecordAsync(string channel, string updateId, CancellationToken cancellationToken = default)
    {
        var first = await inner.TryRecordAsync(channel, updateId, cancellationToken).ConfigureAwait(false);
        if (!first)
        {
            instruments.DedupeHit(channel);
        }

        return first;
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => inner.PurgeAsync(olderThan, cancellationToken);

    // The container disposes the decorator it built, so the store's own writer is stopped through it.
    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
