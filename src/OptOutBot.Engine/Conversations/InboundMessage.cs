namespace OptOutBot.Engine.Conversations;

/// <summary>One user turn, channel-neutral: who wrote where, and exactly one input (text, command or action).</summary>
/// <param name="Channel">Stable channel id: "telegram", "discord", "botframework", "web", "cli".</param>
/// <param name="ConversationId">The chat / channel / conversation as the platform names it.</param>
/// <param name="UserId">The person as the platform names them; never shown, only used as a key.</param>
/// <param name="Input">What the person sent.</param>
/// <param name="LocaleHint">The platform's language for the person (e.g. "fr-FR", "en"), if any.</param>
public sealed record InboundMessage(
    string Channel,
    string ConversationId,
    string UserId,
    MessageInput Input,
    string? LocaleHint = null)
{
    /// <summary>Private chat (one person) or a group / server channel (several people).</summary>
    public ConversationScope Scope { get; init; } = ConversationScope.Private;

    /// <summary>Whether the sender administers the group (Telegram admin, Discord Manage Channels); null when unknown.</summary>
    public bool? SenderIsAdmin { get; init; }

    /// <summary>Where a proactive message (a reminder) for this conversation would go; adapter-defined.</summary>
    public ChannelAddress? ReplyAddress { get; init; }

    public ConversationKey Key => new(Channel, ConversationId, UserId);

    public UserRef User => new(Channel, UserId);
}

public enum ConversationScope
{
    Private,
    Group,
}

/// <summary>What the person sent: free text, a command, or a button / select press.</summary>
public abstract record MessageInput;

/// <summary>Free text as typed.</summary>
public sealed record TextInput(string Text) : MessageInput;

/// <summary>A command without its slash, e.g. ("optout", "instagram"); names are lower-case.</summary>
public sealed record CommandInput(string Name, string? Argument = null) : MessageInput;

/// <summary>A choice pressed: the action id of a <see cref="Replies.Choice"/>.</summary>
public sealed record ActionInput(string ActionId) : MessageInput;

/// <summary>Key of one person's state in one conversation.</summary>
public readonly record struct ConversationKey(string Channel, string ConversationId, string UserId);

/// <summary>A person on one channel: what /forget and /mydata are about.</summary>
public readonly record struct UserRef(string Channel, string UserId);

/// <summary>Where to deliver a proactive message: the channel and an adapter-defined address (chat id, channel id, conversation reference).</summary>
public sealed record ChannelAddress(string Channel, string Value);
