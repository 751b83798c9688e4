using System.Globalization;
using System.Text;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Rendering;

/// <summary>
/// Telegram's markup writer: HTML for parse_mode HTML (<c>&lt;b&gt; &lt;i&gt; &lt;a href&gt;</c>), every text escaped so
/// content can never inject tags; its limit counts what a person sees, not the tags.
/// </summary>
internal sealed class TelegramMarkup : IMarkupWriter
{
    public static readonly TelegramMarkup Instance = new();

    private TelegramMarkup()
    {
    }

    public bool LimitCountsMarkup => false;

    // Telegram refuses empty text; a reply that is only buttons still needs a visible line.
    public string EmptyText => "·";

    public string FootnoteSeparator => "\n\n";

    public string BulletMarker => "• ";


    public void Span(StringBuilder sb, MarkupSpan span, bool linkAllowed)
    {
        var bold = span.Style.HasFlag(SpanStyle.Bold);
        var italic = span.Style.HasFlag(SpanStyle.Italic);
        if (bold)
        {
            sb.Append("<b>");
        }

        if (italic)
        {
            sb.Append("<i>");
        }

        if (span.Url is not null && linkAllowed)
        {
            AppendLink(sb, span.Text, span.Url);
        }
        else
        {
            AppendEscaped(sb, span.Text, attribute: false);
        }

        if (italic)
        {
            sb.Append("</i>");
        }

        if (bold)
        {
            sb.Append("</b>");
        }
    }

    // Sources stay short and language-neutral: "📎 Title (2025-05-27) · Other (2025-06-01)", titles linked.
    public int Footnote(StringBuilder sb, IReadOnlyList<SourceNote> sources, string locale, int maxUrlLength)
    {
        var visible = 3;
        sb.Append("<i>📎 ");
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (i > 0)
            {
                sb.Append(" · ");
                visible += 3;
            }

            if (LinkRules.IsSafe(source.Url, maxUrlLength))
            {
                AppendLink(sb, source.Title, source.Url);
            }
            else
            {
                AppendEscaped(sb, source.Title, attribute: false);
            }

            sb.Append(" (").Append(source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
            visible += source.Title.Length + 13;
        }

        sb.Append("</i>");
        return visible;
    }

    private static void AppendLink(StringBuilder sb, string label, string url)
    {
        sb.Append("<a href=\"");
        AppendEscaped(sb, url, attribute: true);
        sb.Append("\">");
        AppendEscaped(sb, label, attribute: false);
        sb.Append("</a>");
    }

    internal static void AppendEscaped(StringBuilder sb, string text, bool attribute)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '"' when attribute:
                    sb.Append("&quot;");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }
}
