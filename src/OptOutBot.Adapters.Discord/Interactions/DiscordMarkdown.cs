using System.Globalization;
using System.Text;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// Renders the neutral markup as Discord markdown. Every piece of text is escaped first, so neither content nor
/// anything a person typed can inject formatting, masked links, headings, quotes or mention syntax.
/// </summary>
internal static class DiscordMarkdown
{
    // Markdown markers, masked-link brackets, heading / quote / list starts, and "<" which opens mentions,
    // channel links, custom emoji and timestamps (<@id>, <#id>, <:e:id>, <t:…>).
    // "@" too: mentions are suppressed by allowed_mentions anyway, but an escaped @everyone does not even look like one.
    private const string Special = "\\*_~`|>#-[]()<@";

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        AppendEscaped(sb, text);
        return sb.ToString();
    }

    public static void AppendEscaped(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }
    }

    private static bool NeedsEscape(char c) => c < 128 && Special.Contains(c, StringComparison.Ordinal);

    public static string Render(string markup)
    {
        var sb = new StringBuilder(markup.Length + 32);
        Render(sb, markup);
        return sb.ToString();
    }

    public static void Render(StringBuilder sb, string markup)
    {
        var first = true;
        foreach (var line in Markup.Parse(markup))
        {
            if (!first)
            {
                sb.Append('\n');
            }

            first = false;
            switch (line.Kind)
            {
                case LineKind.Blank:
                    continue;
                case LineKind.Bullet:
                    sb.Append("- ");
                    break;
                case LineKind.Numbered:
                    sb.Append(line.Number.ToString(CultureInfo.InvariantCulture)).Append(". ");
                    break;
            }

            foreach (var span in line.Spans)
            {
                AppendSpan(sb, span);
            }
        }
    }

    private static void AppendSpan(StringBuilder sb, MarkupSpan span)
    {
        var marker = (span.Style.HasFlag(SpanStyle.Bold) ? "**" : string.Empty) + (span.Style.HasFlag(SpanStyle.Italic) ? "*" : string.Empty);
        var text = span.Text;

        // Markers must touch non-space text on both sides or Discord prints them literally.
        var lead = text.Length - text.TrimStart().Length;
        var trail = text.Length - text.TrimEnd().Length;
        var core = text.Trim();
        if (core.Length == 0)
        {
            sb.Append(text);
            return;
        }

        sb.Append(text, 0, lead).Append(marker);
        if (span.Url is not null && IsSafeUrl(span.Url))
        {
            // Masked link; the url in angle brackets so Discord shows no preview card.
            sb.Append('[');
            AppendEscaped(sb, core);
            sb.Append("](<").Append(span.Url).Append(">)");
        }
        else
        {
            AppendEscaped(sb, core);
        }

        sb.Append(marker).Append(text, text.Length - trail, trail);
    }

    /// <summary>An http(s) url without characters that could close the link early.</summary>
    internal static bool IsSafeUrl(string url) =>
        (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        && url.AsSpan().IndexOfAny("<> \n\r\t\"") < 0 && url.Length <= 512;
}
