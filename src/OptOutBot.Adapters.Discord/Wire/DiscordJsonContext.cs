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
