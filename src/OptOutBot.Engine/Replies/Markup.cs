using System.Text;

namespace OptOutBot.Engine.Replies;

/// <summary>
/// The neutral markup of answers: <c>**bold**</c>, <c>_italic_</c>, <c>[label](https://url)</c>, lines starting
/// with "- " (bullet) or "1. " (numbered), blank lines between paragraphs. Renderers walk the parsed lines and
/// escape every span for their platform, so content can never inject platform markup.
/// </summary>
public static class Markup
{
    /// <summary>Parses markup into lines of styled spans. Unclosed markers are kept as literal text.</summary>
    public static IReadOnlyList<MarkupLine> Parse(string text)
    {
        var lines = new List<MarkupLine>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                lines.Add(MarkupLine.Blank);
                continue;
            }

            var kind = LineKind.Paragraph;
            var number = 0;
            var body = line;
            if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("• ", StringComparison.Ordinal))
            {
                kind = LineKind.Bullet;
                body = line[2..];
            }
            else if (TryNumbered(line, out number, out var rest))
            {
                kind = LineKind.Numbered;
                body = rest;
            }

            lines.Add(new MarkupLine(kind, number, ParseSpans(body)));
        }

        return lines;
    }

    /// <summary>
    /// Puts <paramref name="value"/> (an argument, a name, a count) in place of <paramref name="placeholder"/> as literal
    /// text: its markers are escaped and its line breaks become spaces, so whatever a person typed can never become a link,
    /// bold text or a list line on any platform.
    /// </summary>
    public static string Fill(string template, string placeholder, string value) =>
        template.Replace(placeholder, Escape(value), StringComparison.Ordinal);

    /// <summary>Escapes the markers <see cref="Parse"/> understands (<c>* _ [ \</c>) and flattens line breaks.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("*_[\\\r\n") < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '*' or '_' or '[' or '\\':
                    sb.Append('\\').Append(c);
                    break;
                case '\r' or '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>The text without markers, for terminals, logs of tests and length checks. Links become "label (url)".</summary>
    public static string ToPlainText(string text) => ToPlainText(Parse(text));

    /// <summary>The plain text of lines already parsed (see <see cref="ToPlainText(string)"/>).</summary>
    public static string ToPlainText(IReadOnlyList<MarkupLine> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            switch (line.Kind)
            {
                case LineKind.Bullet:
                    sb.Append("• ");
                    break;
                case LineKind.Numbered:
                    sb.Append(line.Number).Append(". ");
                    break;
            }

            foreach (var span in line.Spans)
            {
                sb.Append(span.Text);
                if (span.Url is not null && span.Url != span.Text)
                {
                    sb.Append(" (").Append(span.Url).Append(')');
                }
            }
        }

        return sb.ToString();
    }

    private static bool TryNumbered(string line, out int number, out string rest)
    {
        number = 0;
        rest = line;
        var i = 0;
        while (i < line.Length && i < 3 && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        if (i == 0 || i + 1 >= line.Length || line[i] != '.' || line[i + 1] != ' ')
        {
            return false;
        }

        number = int.Parse(line.AsSpan(0, i), System.Globalization.CultureInfo.InvariantCulture);
        rest = line[(i + 2)..];
        return true;
    }

    private static List<MarkupSpan> ParseSpans(string body)
    {
        var spans = new List<MarkupSpan>();
        var text = new StringBuilder();
        var style = SpanStyle.None;
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && body[i + 1] is '*' or '_' or '[' or '\\')
            {
                text.Append(body[i + 1]);
                i += 2;
            }
            else if (c == '*' && i + 1 < body.Length && body[i + 1] == '*' && (style.HasFlag(SpanStyle.Bold) || body.IndexOf("**", i + 2, StringComparison.Ordinal) > i + 2))
            {
                Flush(spans, text, style);
                style ^= SpanStyle.Bold;
                i += 2;
            }
            else if (c == '_' && IsItalicMarker(body, i, style))
            {
                Flush(spans, text, style);
                style ^= SpanStyle.Italic;
                i++;
            }
            else if (c == '[' && TryLink(body, i, out var label, out var url, out var end))
            {
                Flush(spans, text, style);
                spans.Add(new MarkupSpan(label, style, url));
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        Flush(spans, text, style);
        return spans;
    }

    // An underscore opens italics only at a word start with a closing one later, and closes only at a word end,
    // so snake_case words and urls stay literal.
    private static bool IsItalicMarker(string body, int i, SpanStyle style)
    {
        var before = i == 0 ? ' ' : body[i - 1];
        var after = i + 1 < body.Length ? body[i + 1] : ' ';
        if (style.HasFlag(SpanStyle.Italic))
        {
            return !char.IsLetterOrDigit(after) && !char.IsWhiteSpace(before);
        }

        if (char.IsLetterOrDigit(before) || char.IsWhiteSpace(after))
        {
            return false;
        }

        for (var j = i + 2; j < body.Length; j++)
        {
            if (body[j] == '_' && !char.IsWhiteSpace(body[j - 1]) && (j + 1 == body.Length || !char.IsLetterOrDigit(body[j + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryLink(string body, int start, out string label, out string url, out int end)
    {
        label = url = string.Empty;
        end = start;
        var close = body.IndexOf("](", start + 1, StringComparison.Ordinal);
        if (close < 0 || body.IndexOf('[', start + 1, close - start - 1) >= 0)
        {
            return false;
        }

        var urlEnd = body.IndexOf(')', close + 2);
        if (urlEnd < 0)
        {
            return false;
        }

        url = body[(close + 2)..urlEnd].Trim();
        if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        label = body[(start + 1)..close];
        end = urlEnd + 1;
        return label.Length > 0;
    }

    private static void Flush(List<MarkupSpan> spans, StringBuilder text, SpanStyle style)
    {
        if (text.Length > 0)
        {
            spans.Add(new MarkupSpan(text.ToString(), style));
            text.Clear();
        }
    }
}

public enum LineKind
{
    Paragraph,
    Bullet,
    Numbered,
    Blank,
}

[Flags]
public enum SpanStyle
{
    None = 0,
    Bold = 1,
    Italic = 2,
}

/// <summary>One line of markup: its kind (paragraph, bullet, numbered item, blank) and its spans.</summary>
public sealed record MarkupLine(LineKind Kind, int Number, IReadOnlyList<MarkupSpan> Spans)
{
    public static readonly MarkupLine Blank = new(LineKind.Blank, 0, []);
}

/// <summary>A run of text with one style; a link when <see cref="Url"/> is set (the text is its label).</summary>
public sealed record MarkupSpan(string Text, SpanStyle Style, string? Url = null);
