using System.Globalization;
using System.Text;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>
/// Bot Framework's markup writer: CommonMark as Web Chat and Teams read it, every text escaped so content cannot
/// inject markup; the limit counts the written markdown.
/// </summary>
internal sealed class BotFrameworkMarkdown : IMarkupWriter
{
    public static readonly BotFrameworkMarkdown Instance = new();

    private BotFrameworkMarkdown()
    {
    }

    public bool LimitCountsMarkup => true;

    public string EmptyText => string.Empty;

    public string FootnoteSeparator => "\n\n";

    public string BulletMarker => "- ";

    // A blank line between paragraphs and around lists; a hard break ("  \n") between lines of one paragraph.
    public void LineBreak(StringBuilder sb, LineKind previous, LineKind next, int blankLines) =>
        sb.Append(blankLines > 0 || next != previous ? "\n\n" : next == LineKind.Paragraph ? "  \n" : "\n");

    public void Span(StringBuilder sb, MarkupSpan span, bool linkAllowed)
    {
        var (open, close) = span.Style switch
        {
            SpanStyle.Bold => ("**", "**"),
            SpanStyle.Italic => ("_", "_"),
            SpanStyle.Bold | SpanStyle.Italic => ("**_", "_**"),
            _ => (string.Empty, string.Empty),
        };

        // Emphasis markers must hug the text in CommonMark, so surrounding spaces stay outside them.
        var text = span.Text.AsSpan();
        var inner = open.Length > 0 ? text.Trim() : text;
        if (inner.Length == 0)
        {
            sb.Append(text);
            return;
        }

        var lead = open.Length > 0 ? text.Length - text.TrimStart().Length : 0;
        var trail = open.Length > 0 ? text.Length - text.TrimEnd().Length : 0;
        sb.Append(text[..lead]).Append(open);
        if (span.Url is not null && linkAllowed)
        {
            AppendLink(sb, inner, span.Url);
        }
        else
        {
            Escape(sb, inner);
        }

        sb.Append(close).Append(text[(text.Length - trail)..]);
    }

    // A paragraph starting with "- ", "+ " or "12. " would turn into a list; escape its marker.
    public void LineEnd(StringBuilder sb, MarkupLine line, int lineStart)
    {
        if (line.Kind != LineKind.Paragraph || sb.Length <= lineStart)
        {
            return;
        }

        var c = sb[lineStart];
        if ((c is '-' or '+') && sb.Length > lineStart + 1 && sb[lineStart + 1] == ' ')
        {
            sb.Insert(lineStart, '\\');
            return;
        }

        var i = lineStart;
        while (i < sb.Length && char.IsAsciiDigit(sb[i]))
        {
            i++;
        }

        if (i > lineStart && i < sb.Length && sb[i] is '.' or ')')
        {
            sb.Insert(i, '\\');
        }
    }

    // One italic line per source: "- _[Title](url)_ (2025-05-27)".
    public int Footnote(StringBuilder sb, IReadOnlyList<SourceNote> sources, string locale, int maxUrlLength)
    {
        var start = sb.Length;
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            sb.Append(i == 0 ? "- _" : "\n- _");
            if (LinkRules.IsSafe(source.Url, maxUrlLength))
            {
                AppendLink(sb, source.Title, source.Url);
            }
            else
            {
                Escape(sb, source.Title);
            }

            sb.Append("_ (").Append(source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
        }

        return sb.Length - start;
    }

    private static void AppendLink(StringBuilder sb, ReadOnlySpan<char> label, string url)
    {
        sb.Append('[');
        Escape(sb, label);
        sb.Append("](");
        foreach (var c in url)
        {
            // Parentheses would end the link destination early.
            _ = c switch
            {
                '(' => sb.Append("%28"),
                ')' => sb.Append("%29"),
                _ => sb.Append(c),
            };
        }

        sb.Append(')');
    }

    private static void Escape(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '~' or '|')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }
    }
}
