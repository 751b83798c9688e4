using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Ports;

/// <summary>Keeps each person's small conversation state. Implementations must be safe under concurrent turns.</summary>
public interface IConversationStore
{
    /// <summary>The saved state, or null when there is none or it expired (older than <paramref name="notBefore"/>).</summary>
    ValueTask<ConversationState?> GetAsync(ConversationKey key, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    ValueTask SaveAsync(ConversationKey key, ConversationState state, CancellationToken cancellationToken = default);

    /// <summary>Deletes states not updated since <paramref name="olderThan"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}

/// <summary>
/// The whole conversation state: deliberately tiny, no message text.
/// </summary>
/// <param name="Locale">Language chosen with /language (explicit), or null to follow the platform.</param>
/// <param name="Flow">The guide in progress, as "flow/step", or null.</param>
/// <param name="LastTopic">The last topic answered (for "thanks" and follow-ups).</param>
/// <param name="UpdatedAt">When the state was last written; it expires after the configured time.</param>
public sealed record ConversationState(string? Locale, string? Flow, string? LastTopic, DateTimeOffset UpdatedAt);
