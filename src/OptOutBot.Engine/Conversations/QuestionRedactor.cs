using System.Text.RegularExpressions;

namespace OptOutBot.Engine.Conversations;

/// <summary>Removes what could identify someone from a question before the operator's opt-in log keeps it.</summary>
public static partial class QuestionRedactor
{
    public static string Redact(string text)
    {
        var cleaned = Email().Replace(text, "[email]");
        cleaned = Url().Replace(cleaned, "[url]");
        cleaned = Phone().Replace(cleaned, "[phone]");
        cleaned = Digits().Replace(cleaned, "#");
        return cleaned.Length > 300 ? cleaned[..300] : cleaned;
    }

    [GeneratedRegex(@"[^\s@]+@[^\s@]+\.[^\s@]+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(https?://|www\.)\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\+?\d[\d\s().-]{6,}\d", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}
