using OptOutBot.Engine.Conversations;

namespace OptOutBot.Admin.Usage;

/// <summary>Wraps the engine so every turn, from every adapter, is counted once for the console's overview.</summary>
internal sealed class CountingConversationEngine(IConversationEngine inner, UsageRecorder recorder) : IConversationEngine
{
    public async ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        var result = await inner.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        recorder.Record(message, result);
        return result;
    }
}
