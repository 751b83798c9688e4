using System.Globalization;
using System.Text;

namespace OptOutBot.Engine.Replies;

/// <summary>
/// The one walk over parsed markup for every text platform: lines, list markers, spans and the link check, with the
/// platform's syntax from its <see cref="IMarkupWriter"/>. Blank lines at the start and end are dropped; those between
/// lines reach the writer as a count.
/// </summary>
public static class MarkupRenderer
{
    public static string Render(string markup, IMarkupWriter writer, int maxUrlLength = LinkRules.DefaultMaxLength) =>
        Render(markup, writer, maxUrlLength, out _);

    /// <param name="length">The rendered length as the platform counts it against its limit.</param>
    public static string Render(string markup, IMarkupWriter writer, int maxUrlLength, out int length)
    {
        var sb = new StringBuilder(markup.Length + 32);
        length = Write(sb, Markup.Parse(markup), writer, maxUrlLength);
        return sb.ToString();
    }

    /// <summary>The length of <paramref name="markup"/> once rendered, as the platform counts it.</summary>
    public static int Measure(string markup, IMarkupWriter writer, int maxUrlLength = LinkRules.DefaultMaxLength)
    {
        if (!writer.LimitCountsMarkup)
        {
            return VisibleLength(Markup.Parse(markup));
        }

        Render(markup, writer, maxUrlLength, out var length);
        return length;
    }

    /// <summary>Appends the rendering of <paramref name="lines"/>; returns its length as the platform counts it.</summary>
    public static int Write(StringBuilder sb, IReadOnlyList<MarkupLine> lines, IMarkupWriter writer, int maxUrlLength = LinkRules.DefaultMaxLength)
    {
        var start = sb.Length;
        var previous = LineKind.Blank;
        var written = false;
        var blanks = 0;
        foreach (var line in lines)
        {
            if (line.Kind == LineKind.Blank)
            {
                blanks += written ? 1 : 0;
                continue;
            }

            if (written)
            {
                writer.LineBreak(sb, previous, line.Kind, blanks);
            }

            if (line.Kind == LineKind.Bullet)
            {
                sb.Append(writer.BulletMarker);
            }
            else if (line.Kind == LineKind.Numbered)
            {
                sb.Append(line.Number).Append(". ");
            }

            var lineStart = sb.Length;
            foreach (var span in line.Spans)
            {
                writer.Span(sb, span, span.Url is null || LinkRules.IsSafe(span.Url, maxUrlLength));
            }

            writer.LineEnd(sb, line, lineStart);
            previous = line.Kind;
            written = true;
            blanks = 0;
        }

        return writer.LimitCountsMarkup ? sb.Length - start : VisibleLength(lines);
    }

    /// <summary>
    /// The characters a person sees: list markers ("• ", "3. ", two characters for a bullet), span text and one line break per line, blank lines
    /// between lines included, those at the start and end not.
    /// </summary>
    public static int VisibleLength(IReadOnlyList<MarkupLine> lines)
    {
        var length = 0;
        var breaks = 0;
        var written = false;
        foreach (var line in lines)
        {
            if (line.Kind == LineKind.Blank)
            {
                breaks += written ? 1 : 0;
                continue;
            }

            length += (written ? breaks + 1 : 0) + PrefixLength(line);
            foreach (var span in line.Spans)
            {
                length += span.Text.Length;
            }

            written = true;
            breaks = 0;
        }

        return length;
    }

    private static int PrefixLength(MarkupLine line) => line.Kind switch
    {
        LineKind.Bullet => 2,
        LineKind.Numbered => line.Number.ToString(CultureInfo.InvariantCulture).Length + 2,
        _ => 0,
    };
}
