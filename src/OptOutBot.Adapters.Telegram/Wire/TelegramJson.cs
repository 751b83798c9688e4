using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using global::Telegram.Bot;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using global::Telegram.Bot.Types.ReplyMarkups;
using OptOutBot.Adapters.Telegram.Intake;

namespace OptOutBot.Adapters.Telegram.Wire;

/// <summary>
/// The adapter's JSON: Telegram.Bot's set-up (<see cref="JsonBotAPI.Configure"/>: snake_case, defaults left out, numbers
/// from strings) applied to options of our own, so nothing global changes, plus the relaxed encoder. The JSON goes to
/// Telegram, never into a web page, and escaping every accent and tag of an HTML message made it up to 6× larger.
/// </summary>
internal static class TelegramJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static JsonTypeInfo<Update> Update { get; } = TypeInfo<Update>();

    public static JsonTypeInfo<List<StoredCall>> StoredCalls { get; } = TypeInfo<List<StoredCall>>();

    public static JsonTypeInfo<SendMessageRequest> SendMessage { get; } = TypeInfo<SendMessageRequest>();

    public static JsonTypeInfo<AnswerCallbackQueryRequest> AnswerCallbackQuery { get; } = TypeInfo<AnswerCallbackQueryRequest>();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Converters = { new InlineReplyMarkupConverter(), new ParseModeConverter() } };
        JsonBotAPI.Configure(options);
        // Configure adds the package's generated metadata only when reflection is off; use it always (no reflection
        // over Telegram's hundreds of types at start), with reflection left for our own StoredCall.
        options.TypeInfoResolverChain.Clear();
        options.TypeInfoResolverChain.Add(JsonBotSerializerContext.Default);
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>
    /// Reads a stored reply_markup back: the package's <see cref="ReplyMarkup"/> has no discriminator to read one by, and
    /// the bot only ever sends inline keyboards. Writes whatever kind it is given.
    /// </summary>
    private sealed class InlineReplyMarkupConverter : JsonConverter<ReplyMarkup>
    {
        public override ReplyMarkup? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<InlineKeyboardMarkup>)options.GetTypeInfo(typeof(InlineKeyboardMarkup)));

        public override void Write(Utf8JsonWriter writer, ReplyMarkup value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
    }

    /// <summary>parse_mode as the Bot API spells it ("HTML", not the package's "Html"); read in any case.</summary>
    private sealed class ParseModeConverter : JsonConverter<ParseMode>
    {
        public override ParseMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Enum.TryParse<ParseMode>(reader.GetString(), ignoreCase: true, out var mode) ? mode : ParseMode.None;

        public override void Write(Utf8JsonWriter writer, ParseMode value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value switch
            {
                ParseMode.Html => "HTML"u8,
                ParseMode.MarkdownV2 => "MarkdownV2"u8,
                ParseMode.Markdown => "Markdown"u8,
                _ => ""u8,
            });
    }
}
