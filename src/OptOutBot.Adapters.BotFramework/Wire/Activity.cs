using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptOutBot.Adapters.BotFramework.Wire;

/// <summary>The fields of an incoming Activity the adapter reads; everything else is ignored (the protocol says to tolerate unknown fields).</summary>
internal sealed class InboundActivity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? Locale { get; set; }

    public string? Text { get; set; }

    public JsonElement Value { get; set; }

    public string? Name { get; set; }

    public List<ChannelAccount>? MembersAdded { get; set; }

    public JsonElement ChannelData { get; set; }
}

internal sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Role { get; set; }
}

internal sealed class ConversationAccount
{
    public string? Id { get; set; }

    public bool? IsGroup { get; set; }

    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }
}

/// <summary>A message activity the bot sends. Empty fields stay out of the JSON (some validators reject empty strings).</summary>
internal sealed class OutboundActivity
{
    public string Type { get; set; } = "message";

    public ChannelAccount? From { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? ReplyToId { get; set; }

    public string? Locale { get; set; }

    public string? Text { get; set; }

    public string? TextFormat { get; set; }

    public string? InputHint { get; set; }

    public SuggestedActions? SuggestedActions { get; set; }

    public string? AttachmentLayout { get; set; }

    public List<Attachment>? Attachments { get; set; }
}

internal sealed class SuggestedActions
{
    public List<string> To { get; set; } = [];

    public List<CardAction> Actions { get; set; } = [];
}

internal sealed class CardAction
{
    public string Type { get; set; } = "messageBack";

    public string Title { get; set; } = string.Empty;

    public string? Text { get; set; }

    public string? DisplayText { get; set; }

    /// <summary>For messageBack: an object {"actionId": "..."} that comes back in the activity's value; for openUrl: the url.</summary>
    public object? Value { get; set; }
}

/// <summary>What a messageBack button carries back to the bot.</summary>
internal sealed class ActionValue
{
    public string ActionId { get; set; } = string.Empty;
}

internal sealed class Attachment
{
    public string ContentType { get; set; } = HeroCard.ContentType;

    public HeroCard? Content { get; set; }
}

internal sealed class HeroCard
{
    public const string ContentType = "application/vnd.microsoft.card.hero";

    public string? Text { get; set; }

    public List<CardAction> Buttons { get; set; } = [];
}

internal sealed class ResourceResponse
{
    public string? Id { get; set; }
}

internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}

/// <summary>The compact conversation reference kept in <c>InboundMessage.ReplyAddress</c> for proactive messages.</summary>
internal sealed class StoredReference
{
    [JsonPropertyName("s")]
    public string ServiceUrl { get; set; } = string.Empty;

    [JsonPropertyName("c")]
    public string ConversationId { get; set; } = string.Empty;

    [JsonPropertyName("n")]
    public string ChannelId { get; set; } = string.Empty;

    [JsonPropertyName("b")]
    public string? BotId { get; set; }

    [JsonPropertyName("u")]
    public string? UserId { get; set; }

    [JsonPropertyName("t")]
    public string? TenantId { get; set; }

    [JsonPropertyName("g")]
    public bool IsGroup { get; set; }

    [JsonPropertyName("l")]
    public string? Locale { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(InboundActivity))]
[JsonSerializable(typeof(OutboundActivity))]
[JsonSerializable(typeof(ActionValue))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(StoredReference))]
[JsonSerializable(typeof(string))]
internal sealed partial class BotFrameworkJsonContext : JsonSerializerContext;
