using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OptOutBot.Adapters.Telegram.Wire;

/// <summary>One Bot API method call, bound to the type of its result so the client can decode the reply without reflection.</summary>
internal abstract class TelegramRequest<TResult>
{
    internal abstract string MethodName { get; }

    internal abstract JsonTypeInfo RequestTypeInfo { get; }

    internal abstract JsonTypeInfo<ApiResponse<TResult>> ResponseTypeInfo { get; }

    /// <summary>How long one attempt may take; null = the client's default. Long polls wait longer on purpose.</summary>
    internal virtual TimeSpan? AttemptTimeout => null;

    /// <summary>The same call addressed to another chat, for a group that became a supergroup; null when the call has no chat.</summary>
    internal virtual TelegramRequest<TResult>? WithChat(long chatId) => null;
}

internal sealed class GetMeRequest : TelegramRequest<User>
{
    internal override string MethodName => "getMe";

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.GetMeRequest;

    internal override JsonTypeInfo<ApiResponse<User>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseUser;
}

internal sealed class GetUpdatesRequest : TelegramRequest<List<Update>>
{
    internal override string MethodName => "getUpdates";

    [JsonPropertyName("offset")]
    public long? Offset { get; set; }

    [JsonPropertyName("limit")]
    public int? Limit { get; set; }

    [JsonPropertyName("timeout")]
    public int Timeout { get; set; }

    [JsonPropertyName("allowed_updates")]
    public string[]? AllowedUpdates { get; set; }

    internal override TimeSpan? AttemptTimeout => TimeSpan.FromSeconds(Timeout + 15);

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.GetUpdatesRequest;

    internal override JsonTypeInfo<ApiResponse<List<Update>>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseListUpdate;
}

internal sealed class SetWebhookRequest : TelegramRequest<bool?>
{
    internal override string MethodName => "setWebhook";

    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [JsonPropertyName("secret_token")]
    public string? SecretToken { get; set; }

    [JsonPropertyName("allowed_updates")]
    public string[]? AllowedUpdates { get; set; }

    [JsonPropertyName("max_connections")]
    public int? MaxConnections { get; set; }

    [JsonPropertyName("drop_pending_updates")]
    public bool? DropPendingUpdates { get; set; }

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.SetWebhookRequest;

    internal override JsonTypeInfo<ApiResponse<bool?>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseNullableBoolean;
}

internal sealed class DeleteWebhookRequest : TelegramRequest<bool?>
{
    internal override string MethodName => "deleteWebhook";

    [JsonPropertyName("drop_pending_updates")]
    public bool? DropPendingUpdates { get; set; }

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.DeleteWebhookRequest;

    internal override JsonTypeInfo<ApiResponse<bool?>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseNullableBoolean;
}

internal sealed class GetWebhookInfoRequest : TelegramRequest<WebhookInfo>
{
    internal override string MethodName => "getWebhookInfo";

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.GetWebhookInfoRequest;

    internal override JsonTypeInfo<ApiResponse<WebhookInfo>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseWebhookInfo;
}

internal sealed class SendMessageRequest : TelegramRequest<Message>
{
    internal override string MethodName => "sendMessage";

    /// <summary>Set only when the call travels in a webhook response body.</summary>
    [JsonPropertyName("method")]
    public string? InlineMethod { get; set; }

    [JsonPropertyName("chat_id")]
    public long ChatId { get; set; }

    [JsonPropertyName("message_thread_id")]
    public long? MessageThreadId { get; set; }

    [JsonPropertyName("text")]
    public string Text { get; set; } = "";

    [JsonPropertyName("parse_mode")]
    public string? ParseMode { get; set; }

    [JsonPropertyName("link_preview_options")]
    public LinkPreviewOptions? LinkPreviewOptions { get; set; }

    [JsonPropertyName("reply_markup")]
    public InlineKeyboardMarkup? ReplyMarkup { get; set; }

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.SendMessageRequest;

    internal override JsonTypeInfo<ApiResponse<Message>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseMessage;

    internal override TelegramRequest<Message> WithChat(long chatId) => new SendMessageRequest
    {
        ChatId = chatId, Text = Text, ParseMode = ParseMode, LinkPreviewOptions = LinkPreviewOptions, ReplyMarkup = ReplyMarkup,
    };
}

internal sealed class EditMessageTextRequest : TelegramRequest<EditResult>
{
    internal override string MethodName => "editMessageText";

    [JsonPropertyName("method")]
    public string? InlineMethod { get; set; }

    [JsonPropertyName("chat_id")]
    public long ChatId { get; set; }

    [JsonPropertyName("message_id")]
    public long MessageId { get; set; }

    [JsonPropertyName("text")]
    public string Text { get; set; } = "";

    [JsonPropertyName("parse_mode")]
    public string? ParseMode { get; set; }

    [JsonPropertyName("link_preview_options")]
    public LinkPreviewOptions? LinkPreviewOptions { get; set; }

    [JsonPropertyName("reply_markup")]
    public InlineKeyboardMarkup? ReplyMarkup { get; set; }

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.EditMessageTextRequest;

    internal override JsonTypeInfo<ApiResponse<EditResult>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseEditResult;
}

internal sealed class AnswerCallbackQueryRequest : TelegramRequest<bool?>
{
    internal override string MethodName => "answerCallbackQuery";

    [JsonPropertyName("method")]
    public string? InlineMethod { get; set; }

    [JsonPropertyName("callback_query_id")]
    public string CallbackQueryId { get; set; } = "";

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.AnswerCallbackQueryRequest;

    internal override JsonTypeInfo<ApiResponse<bool?>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseNullableBoolean;
}

internal sealed class SetMyCommandsRequest : TelegramRequest<bool?>
{
    internal override string MethodName => "setMyCommands";

    [JsonPropertyName("commands")]
    public List<BotCommand> Commands { get; set; } = [];

    [JsonPropertyName("scope")]
    public BotCommandScope? Scope { get; set; }

    /// <summary>Two-letter ISO 639-1 code; null = the list for every language without its own.</summary>
    [JsonPropertyName("language_code")]
    public string? LanguageCode { get; set; }

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.SetMyCommandsRequest;

    internal override JsonTypeInfo<ApiResponse<bool?>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseNullableBoolean;
}

internal sealed class SendChatActionRequest : TelegramRequest<bool?>
{
    internal override string MethodName => "sendChatAction";

    [JsonPropertyName("chat_id")]
    public long ChatId { get; set; }

    [JsonPropertyName("action")]
    public string Action { get; set; } = "typing";

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.SendChatActionRequest;

    internal override JsonTypeInfo<ApiResponse<bool?>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseNullableBoolean;
}

internal sealed class GetChatMemberRequest : TelegramRequest<ChatMember>
{
    internal override string MethodName => "getChatMember";

    [JsonPropertyName("chat_id")]
    public long ChatId { get; set; }

    [JsonPropertyName("user_id")]
    public long UserId { get; set; }

    internal override JsonTypeInfo RequestTypeInfo => TelegramJsonContext.Wire.GetChatMemberRequest;

    internal override JsonTypeInfo<ApiResponse<ChatMember>> ResponseTypeInfo => TelegramJsonContext.Wire.ApiResponseChatMember;
}

internal sealed class InlineKeyboardMarkup
{
    [JsonPropertyName("inline_keyboard")]
    public List<List<InlineKeyboardButton>> InlineKeyboard { get; set; } = [];
}

/// <summary>Exactly one of <see cref="CallbackData"/> and <see cref="Url"/> is set.</summary>
internal sealed class InlineKeyboardButton
{
    [JsonPropertyName("text")]
    public string Text { get; set; } = "";

    [JsonPropertyName("callback_data")]
    public string? CallbackData { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }
}

internal sealed class LinkPreviewOptions
{
    public static readonly LinkPreviewOptions Disabled = new() { IsDisabled = true };

    [JsonPropertyName("is_disabled")]
    public bool IsDisabled { get; set; }
}

internal sealed class BotCommand
{
    [JsonPropertyName("command")]
    public string Command { get; set; } = "";

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";
}

internal sealed class BotCommandScope
{
    /// <summary>"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", …</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "default";

    [JsonPropertyName("chat_id")]
    public long? ChatId { get; set; }
}

/// <summary>editMessageText returns the edited Message, or true for inline messages; emulators return null. The bot never reads it.</summary>
[JsonConverter(typeof(IgnoredValueConverter))]
internal readonly struct EditResult;
