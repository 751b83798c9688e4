using System.Text;

namespace OptOutBot.Engine.Replies;

/// <summary>
/// What a platform contributes to rendering the neutral markup: its syntax for line breaks, list items, styled text and
/// links, its escaping, and its footnote. <see cref="MarkupRenderer"/> walks the markup and calls it; <see cref="ReplyLayout"/>
/// merges, splits and places parts. Implementations are stateless singletons; every text they write is escaped so
/// neither content nor a value inserted into it can become platform markup.
/// </summary>
public interface IMarkupWriter
{
    /// <summary>True when the platform's length limit counts the written markup (Discord, Bot Framework), false when it
    /// counts only the characters a person sees (Telegram's limit is after entity parsing).</summary>
    bool LimitCountsMarkup { get; }

    /// <summary>What a part says when it has no text of its own (a reply that is only buttons); empty when the platform allows that.</summary>
    string EmptyText { get; }

    /// <summary>Written between a part's text and its sources footnote.</summary>
    string FootnoteSeparator { get; }

    /// <summary>How a bullet item starts ("• ", "- "); numbered items start with their number and ". " everywhere.</summary>
    string BulletMarker { get; }

    /// <summary>Between two written lines, with <paramref name="blankLines"/> blank lines between them in the markup; by default one line break each.</summary>
    void LineBreak(StringBuilder sb, LineKind previous, LineKind next, int blankLines) => sb.Append('\n', blankLines + 1);

    /// <summary>One span, escaped. <paramref name="linkAllowed"/> is false when its url failed <see cref="LinkRules"/>: the label only.</summary>
    void Span(StringBuilder sb, MarkupSpan span, bool linkAllowed);

    /// <summary>After a line's spans; <paramref name="lineStart"/> is where its text began (a writer may escape what would read as syntax there).</summary>
    void LineEnd(StringBuilder sb, MarkupLine line, int lineStart)
    {
    }

    /// <summary>Writes the sources footnote and returns its length as the platform counts it (see <see cref="LimitCountsMarkup"/>).</summary>
    int Footnote(StringBuilder sb, IReadOnlyList<SourceNote> sources, string locale, int maxUrlLength);
}
