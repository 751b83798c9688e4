using System.Text.Json.Serialization;

namespace OptOutBot.Adapters.Discord.Wire;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(AutocompletePayload))]
[JsonSerializable(typeof(List<ApplicationCommand>))]
[JsonSerializable(typeof(DiscordError))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(CreateDmRequest))]
[JsonSerializable(typeof(DiscordChannel))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;

/// <summary>The serializer settings for Discord: snake_case, nulls omitted, non-ASCII text written as is (smaller bodies).</summary>
internal static class DiscordJson
{
    public static readonly DiscordJsonContext Context = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
