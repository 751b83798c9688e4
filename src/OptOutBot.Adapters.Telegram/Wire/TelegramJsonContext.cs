using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptOutBot.Adapters.Telegram.Wire;

/// <summary>Source-generated JSON for every wire type: no reflection on the webhook hot path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(Update))]
[JsonSerializable(typeof(GetMeRequest))]
[JsonSerializable(typeof(GetUpdatesRequest))]
[JsonSerializable(typeof(SetWebhookRequest))]
[JsonSerializable(typeof(DeleteWebhookRequest))]
[JsonSerializable(typeof(GetWebhookInfoRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageTextRequest))]
[JsonSerializable(typeof(AnswerCallbackQueryRequest))]
[JsonSerializable(typeof(SetMyCommandsRequest))]
[JsonSerializable(typeof(SendChatActionRequest))]
[JsonSerializable(typeof(GetChatMemberRequest))]
[JsonSerializable(typeof(ApiResponse<User>))]
[JsonSerializable(typeof(ApiResponse<List<Update>>))]
[JsonSerializable(typeof(ApiResponse<bool?>))]
[JsonSerializable(typeof(ApiResponse<WebhookInfo>))]
[JsonSerializable(typeof(ApiResponse<Message>))]
[JsonSerializable(typeof(ApiResponse<ChatMember>))]
[JsonSerializable(typeof(ApiResponse<EditResult>))]
[JsonSerializable(typeof(List<Intake.StoredCall>))]
internal sealed partial class TelegramJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context to use: as <see cref="Default"/>, but writing non-ASCII and HTML characters as they are. The JSON goes
    /// to Telegram, never into a web page, and escaping every accent and tag of an HTML message made it up to 6× larger.
    /// </summary>
    public static TelegramJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>Skips a value the bot never reads, whatever its shape.</summary>
internal sealed class IgnoredValueConverter : JsonConverter<EditResult>
{
    public override EditResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return default;
    }

    public override void Write(Utf8JsonWriter writer, EditResult value, JsonSerializerOptions options) => writer.WriteNullValue();
}
