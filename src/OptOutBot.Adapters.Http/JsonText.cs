using System.Text.Json;

namespace OptOutBot.Adapters.Http;

/// <summary>Reading text out of platform JSON that was parsed as a <see cref="JsonElement"/>.</summary>
public static class JsonText
{
    /// <summary>
    /// The element's string, or null when it is not a string or not text: an escaped lone surrogate ("\udfff") is valid
    /// JSON that <see cref="JsonElement.GetString"/> refuses with an exception, and a signed request may carry one.
    /// </summary>
    public static string? StringOrNull(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
