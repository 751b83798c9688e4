using System.Text.Json.Serialization;

namespace OptOutBot.Adapters.Web.Wire;

/// <summary>Source-generated (de)serialisation of the web endpoint's own camelCase wire format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatResponse))]
[JsonSerializable(typeof(ChatError))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
