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
