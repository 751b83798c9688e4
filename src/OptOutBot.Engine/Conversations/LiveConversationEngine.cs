using OptOutBot.Engine.Content;

namespace OptOutBot.Engine.Conversations;

/// <summary>
/// The engine over <see cref="LiveContent"/>: when the content is swapped, a new <see cref="ConversationEngine"/> is
/// built for it and replaces the old one in one reference swap. A turn already running keeps the engine (and so the
/// content) it started with.
/// </summary>
public sealed class LiveConversationEngine : IConversationEngine
{
    private readonly Func<BotContent, ConversationEngine> _create;
    private volatile ConversationEngine _current;

    public LiveConversationEngine(LiveContent content, Func<BotContent, ConversationEngine> create)
    {
        _create = create;
        _current = create(content.Current);
        content.Changed += next => _current = _create(next);
    }

    public ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default) =>
        _current.HandleAsync(message, cancellationToken);
}
