using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptOutBot.Adapters.Web.Wire;

/// <summary>Source-generated (de)serialisation of the web endpoint's own camelCase wire format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatResponse))]
[JsonSerializable(typeof(ChatError))]
[JsonSerializable(typeof(PageStrings))]
internal sealed partial class WebJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For responses: accents and apostrophes written as they are, not as \u escapes (smaller, faster). Safe because
    /// the body is only ever served as application/json with nosniff, never embedded in HTML.
    /// </summary>
    public static WebJsonContext Relaxed { get; } = CreateRelaxed();

    private static WebJsonContext CreateRelaxed()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return new WebJsonContext(options);
    }
}
