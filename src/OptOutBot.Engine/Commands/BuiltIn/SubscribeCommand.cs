using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/subscribe [topic] and /unsubscribe: news and reminders where this conversation can receive them.</summary>
internal abstract class SubscriptionCommand : ICommand
{
    public abstract string Name { get; }

    public abstract int MenuOrder { get; }

    public bool AdminOnly => true;

    public string AdminOnlyKey => "subscribe.admin_only";

    public IReadOnlyList<string> Strings => ["subscribe.done", "subscribe.already", "unsubscribe.done", "unsubscribe.none", "subscribe.unavailable", "subscribe.no_push"];

    public async ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default)
    {
        var message = turn.Message;
        var subscriptions = turn.Services.Subscriptions;
        if (!turn.CanPush || subscriptions is null || message.ReplyAddress is null)
        {
            // Said plainly: this chat cannot receive news, and where it can (if anywhere on this bot).
            var push = turn.Services.Push;
            return push.Channels.Count == 0
                ? turn.SayText("subscribe.unavailable")
                : turn.Say(Markup.Fill(turn.Text("subscribe.no_push"), "{channels}", push.Names));
        }

        var request = new SubscriptionRequest(message.User, message.ReplyAddress, message.Scope, turn.Locale, argument is null ? null : CommandText.Trim(TextNormalizer.Fold(argument), 40));
        var change = await ChangeAsync(subscriptions, request, cancellationToken).ConfigureAwait(false);
        var key = change switch
        {
            SubscriptionChange.Subscribed => "subscribe.done",
            SubscriptionChange.AlreadySubscribed => "subscribe.already",
            SubscriptionChange.Unsubscribed => "unsubscribe.done",
            _ => "unsubscribe.none",
        };
        return turn.SayText(key);
    }

    protected abstract ValueTask<SubscriptionChange> ChangeAsync(ISubscriptionPort subscriptions, SubscriptionRequest request, CancellationToken cancellationToken);
}

internal sealed class SubscribeCommand : SubscriptionCommand, ICommand
{
    public override string Name => "subscribe";

    public override int MenuOrder => 70;

    public CommandParameter Argument { get; } = new("topic");

    protected override ValueTask<SubscriptionChange> ChangeAsync(ISubscriptionPort subscriptions, SubscriptionRequest request, CancellationToken cancellationToken) =>
        subscriptions.SubscribeAsync(request, cancellationToken);
}

internal sealed class UnsubscribeCommand : SubscriptionCommand
{
    public override string Name => "unsubscribe";

    public override int MenuOrder => 80;

    protected override ValueTask<SubscriptionChange> ChangeAsync(ISubscriptionPort subscriptions, SubscriptionRequest request, CancellationToken cancellationToken) =>
        subscriptions.UnsubscribeAsync(request, cancellationToken);
}
