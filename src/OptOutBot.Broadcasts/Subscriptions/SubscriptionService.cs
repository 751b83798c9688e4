using System.Globalization;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Broadcasts.Subscriptions;

/// <summary>/subscribe, /unsubscribe, and the subscription part of /mydata and /forget.</summary>
internal sealed class SubscriptionService(ISubscriptionStore store, TimeProvider time) : ISubscriptionPort, IPersonalDataSource
{
    public async ValueTask<SubscriptionChange> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        var subscription = new Subscription(request.User, request.Address, request.Scope, request.Locale, NormalizeTopic(request.Topic), time.GetUtcNow());
        return await store.AddAsync(subscription, cancellationToken) ? SubscriptionChange.Subscribed : SubscriptionChange.AlreadySubscribed;
    }

    public async ValueTask<SubscriptionChange> UnsubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken = default) =>
        await store.RemoveAsync(request.Address, NormalizeTopic(request.Topic), cancellationToken) > 0
            ? SubscriptionChange.Unsubscribed
            : SubscriptionChange.NotSubscribed;

    public async ValueTask<IReadOnlyList<PersonalDataItem>> DescribeAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        var subscriptions = await store.ListForUserAsync(user, cancellationToken);
        return subscriptions
            .Select(s => new PersonalDataItem(
                "subscription",
                string.Create(CultureInfo.InvariantCulture,
                    $"{s.Topic ?? "all"}, {(s.Scope == ConversationScope.Group ? "group" : "private")}, {s.Locale}, {s.CreatedAt:yyyy-MM-dd}")))
            .ToArray();
    }

    public ValueTask<int> EraseAsync(UserRef user, CancellationToken cancellationToken = default) => store.ForgetUserAsync(user, cancellationToken);

    /// <summary>"Meta", " meta " and "all" mean the same to a person typing a command.</summary>
    internal static string? NormalizeTopic(string? topic)
    {
        var t = topic?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(t) || t is "all" or "tout" or "tous" ? null : t;
    }
}
