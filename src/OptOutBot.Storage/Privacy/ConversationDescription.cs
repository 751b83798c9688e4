using System.Globalization;

namespace OptOutBot.Storage.Privacy;

/// <summary>How /mydata words one stored conversation state, the same on both stores: every column that is kept.</summary>
internal static class ConversationDescription
{
    public static string Of(string? locale, string? flow, string? lastTopic, DateTimeOffset updatedAt)
    {
        var parts = new List<string>(4);
        if (locale is not null)
        {
            parts.Add("language " + locale);
        }

        if (flow is not null)
        {
            parts.Add("guide step " + flow);
        }

        if (lastTopic is not null)
        {
            parts.Add("last topic " + lastTopic);
        }

        parts.Add("updated " + updatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return string.Join(", ", parts);
    }
}
