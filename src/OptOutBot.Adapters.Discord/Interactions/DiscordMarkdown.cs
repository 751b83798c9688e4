using System.Globalization;
using System.Text;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// Discord's markup writer: markdown with every piece of text escaped first, so neither content nor anything a person
/// typed can inject formatting, masked links, headings, quotes or mention syntax. Discord counts the written markdown
/// against its 2,000-character limit.
/// </summary>
internal sealed class DiscordMarkdown : IMarkupWriter
{
    /// <summary>A writer with no labels of its own (escaping, the empty text); replies use <see cref="DiscordLabels.Markdown"/>.</summary>
    public static readonly DiscordMarkdown Instance = new(null);

    private readonly DiscordLabels? _labels;

    /// <summary>Discord's limit on a link button's url; longer inline links are shown as their label.</summary>
    public const int MaxUrlLength = 512;

    // Markdown markers, masked-link brackets, heading / quote / list starts, and "<" which opens mentions,
    // channel links, custom emoji and timestamps (<@id>, <#id>, <:e:id>, <t:…>).
    // "@" too: mentions are suppressed by allowed_mentions anyway, but an escaped @everyone does not even look like one.
    private const string Special = "\\*_~`|>#-[]()<@";

    /// <param name="labels">The reply language's labels ("Source:" / "Sources:" before the footnote).</param>
    internal DiscordMarkdown(DiscordLabels? labels)
    {
        _labels = labels;
    }

    public bool LimitCountsMarkup => true;

    public string EmptyText => "…";

    public string FootnoteSeparator => "\n\n";

    public string BulletMarker => "- ";

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

    public static string Render(string markup) => MarkupRenderer.Render(markup, Instance, MaxUrlLength);


    public void Span(StringBuilder sb, MarkupSpan span, bool linkAllowed)
    {
        var marker = span.Style switch
        {
            SpanStyle.Bold => "**",
            SpanStyle.Italic => "*",
            SpanStyle.Bold | SpanStyle.Italic => "***",
            _ => string.Empty,
        };
        var text = span.Text;

        // Markers must touch non-space text on both sides or Discord prints them literally.
        var core = text.AsSpan().Trim();
        if (core.Length == 0)
        {
            sb.Append(text);
            return;
        }

        var lead = text.Length - text.AsSpan().TrimStart().Length;
        var trail = text.Length - text.AsSpan().TrimEnd().Length;
        sb.Append(text, 0, lead).Append(marker);
        if (span.Url is not null && linkAllowed)
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

    // "-# " is Discord's small grey subtext line.
    public int Footnote(StringBuilder sb, IReadOnlyList<SourceNote> sources, string locale, int maxUrlLength)
    {
        var start = sb.Length;
        sb.Append("-# ");
        // The labels are the reply's language's (the locale argument picks them upstream: see DiscordLabels.Markdown).
        sb.Append(sources.Count == 1 ? _labels?.SourceOne ?? "Source:" : _labels?.SourceOther ?? "Sources:").Append(' ');
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (i > 0)
            {
                sb.Append(" · ");
            }

            if (LinkRules.IsSafe(source.Url, maxUrlLength))
            {
                sb.Append('[');
                AppendEscaped(sb, source.Title);
                sb.Append("](<").Append(source.Url).Append(">)");
            }
            else
            {
                AppendEscaped(sb, source.Title);
            }

            sb.Append(" (").Append(source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
        }

        return sb.Length - start;
    }

    private static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text)
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
}
