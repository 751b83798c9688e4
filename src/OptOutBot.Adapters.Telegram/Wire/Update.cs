using System.Text.Json.Serialization;

namespace OptOutBot.Adapters.Telegram.Wire;

// Only the fields the bot reads. Everything is optional beyond the ids because emulators (telegram-test-api)
// omit fields real Telegram always sends, e.g. a callback's message_id or chat_instance.

/// <summary>One incoming update; exactly one payload field is set.</summary>
internal sealed class Update
{
    [JsonPropertyName("update_id")]
    public long UpdateId { get; set; }

    [JsonPropertyName("message")]
    public Message? Message { get; set; }

    [JsonPropertyName("callback_query")]
    public CallbackQuery? CallbackQuery { get; set; }

    [JsonPropertyName("my_chat_member")]
    public ChatMemberUpdated? MyChatMember { get; set; }
}

internal sealed class Message
{
    [JsonPropertyName("message_id")]
    public long MessageId { get; set; }

    [JsonPropertyName("message_thread_id")]
    public long? MessageThreadId { get; set; }

    [JsonPropertyName("is_topic_message")]
    public bool? IsTopicMessage { get; set; }

    [JsonPropertyName("from")]
    public User? From { get; set; }

    [JsonPropertyName("sender_chat")]
    public Chat? SenderChat { get; set; }

    [JsonPropertyName("chat")]
    public Chat Chat { get; set; } = new();

    [JsonPropertyName("date")]
    public long Date { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("entities")]
    public List<MessageEntity>? Entities { get; set; }

    [JsonPropertyName("reply_to_message")]
    public Message? ReplyToMessage { get; set; }
}

internal sealed class User
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("is_bot")]
    public bool IsBot { get; set; }

    [JsonPropertyName("first_name")]
    public string? FirstName { get; set; }

    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("language_code")]
    public string? LanguageCode { get; set; }
}

internal sealed class Chat
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    /// <summary>"private", "group", "supergroup" or "channel".</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonIgnore]
    public bool IsGroup => Type is "group" or "supergroup";
}

internal sealed class MessageEntity
{
    /// <summary>"bot_command", "mention", "text_mention", …</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>In UTF-16 code units, like .NET string indexes.</summary>
    [JsonPropertyName("offset")]
    public int Offset { get; set; }

    [JsonPropertyName("length")]
    public int Length { get; set; }

    [JsonPropertyName("user")]
    public User? User { get; set; }
}

internal sealed class CallbackQuery
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("from")]
    public User From { get; set; } = new();

    /// <summary>A MaybeInaccessibleMessage: may lack text, and on emulators even message_id.</summary>
    [JsonPropertyName("message")]
    public Message? Message { get; set; }

    [JsonPropertyName("inline_message_id")]
    public string? InlineMessageId { get; set; }

    [JsonPropertyName("data")]
    public string? Data { get; set; }
}

internal sealed class ChatMemberUpdated
{
    [JsonPropertyName("chat")]
    public Chat Chat { get; set; } = new();

    [JsonPropertyName("new_chat_member")]
    public ChatMember? NewChatMember { get; set; }
}

internal sealed class ChatMember
{
    /// <summary>"creator", "administrator", "member", "restricted", "left" or "kicked".</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = "";

    [JsonPropertyName("user")]
    public User? User { get; set; }
}

internal sealed class WebhookInfo
{
    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [JsonPropertyName("pending_update_count")]
    public int PendingUpdateCount { get; set; }

    [JsonPropertyName("last_error_date")]
    public long? LastErrorDate { get; set; }

    [JsonPropertyName("last_error_message")]
    public string? LastErrorMessage { get; set; }
}

/// <summary>The reply envelope of every Bot API call.</summary>
internal sealed class ApiResponse<T>
{
    [JsonPropertyName("ok")]
    public bool Ok { get; set; }

    [JsonPropertyName("result")]
    public T? Result { get; set; }

    [JsonPropertyName("error_code")]
    public int? ErrorCode { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("parameters")]
    public ResponseParameters? Parameters { get; set; }
}

internal sealed class ResponseParameters
{
    [JsonPropertyName("migrate_to_chat_id")]
    public long? MigrateToChatId { get; set; }

    [JsonPropertyName("retry_after")]
    public int? RetryAfter { get; set; }
}
