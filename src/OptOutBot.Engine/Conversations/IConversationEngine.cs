namespace OptOutBot.Engine.Conversations;

/// <summary>The one dialog engine every adapter calls: load state, route, answer, save state.</summary>
public interface IConversationEngine
{
    ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default);
}
