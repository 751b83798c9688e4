using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Ports;

/// <summary>
/// What /subscribe and /unsubscribe call. Implemented by the broadcasts module; when none is registered the
/// engine says reminders are not available here. The engine checks group-admin rights before calling.
/// </summary>
public interface ISubscriptionPort
{
    ValueTask<SubscriptionChange> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken = default);

    ValueTask<SubscriptionChange> UnsubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken = default);
}

/// <param name="User">Who asked (for /forget and /mydata).</param>
/// <param name="Address">Where reminders go (the private chat, or the group / server channel).</param>
/// <param name="Scope">Private chat or group.</param>
/// <param name="Locale">The language reminders are written in.</param>
/// <param name="Topic">An optional topic or platform filter (e.g. "meta", "linkedin"); null = all reminders.</param>
public sealed record SubscriptionRequest(UserRef User, ChannelAddress Address, ConversationScope Scope, string Locale, string? Topic);

public enum SubscriptionChange
{
    Subscribed,
    AlreadySubscribed,
    Unsubscribed,
    NotSubscribed,
}
