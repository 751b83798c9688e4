using OptOutBot.Engine.Conversations;

namespace OptOutBot.Broadcasts.Subscriptions;

/// <summary>Who receives reminders: one row per channel address and topic. Implementations must be safe across instances.</summary>
public interface ISubscriptionStore
{
    /// <summary>Adds the subscription; false when the address already has one for that topic (its language is then refreshed).</summary>
    ValueTask<bool> AddAsync(Subscription subscription, CancellationToken cancellationToken = default);

    /// <summary>Removes the address's subscription to <paramref name="topic"/>, or all of the address's subscriptions when null; returns how many.</summary>
    ValueTask<int> RemoveAsync(ChannelAddress address, string? topic, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<Subscription>> ListForUserAsync(UserRef user, CancellationToken cancellationToken = default);

    /// <summary>
    /// /forget: deletes the person's private subscriptions and unlinks them from the group subscriptions they made as an admin
    /// (the group keeps its reminders, nothing about the person stays). Returns how many rows changed.
    /// </summary>
    ValueTask<int> ForgetUserAsync(UserRef user, CancellationToken cancellationToken = default);

    /// <summary>How many distinct addresses a broadcast on <paramref name="topic"/> would reach, per channel and language.</summary>
    ValueTask<IReadOnlyList<RecipientCount>> CountRecipientsAsync(string? topic, CancellationToken cancellationToken = default);

    /// <summary>Subscriptions per channel and topic (null topic = subscribed to everything); counts only.</summary>
    ValueTask<IReadOnlyList<SubscriptionCount>> CountSubscriptionsAsync(CancellationToken cancellationToken = default);
}

/// <param name="User">Who subscribed; empty user id once that person used /forget on a group subscription.</param>
/// <param name="Topic">A platform filter such as "meta"; null = every reminder.</param>
public sealed record Subscription(UserRef User, ChannelAddress Address, ConversationScope Scope, string Locale, string? Topic, DateTimeOffset CreatedAt);

public sealed record RecipientCount(string Channel, string Locale, int Count);

public sealed record SubscriptionCount(string Channel, string? Topic, int Count);
