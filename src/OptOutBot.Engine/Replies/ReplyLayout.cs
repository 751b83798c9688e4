using System.Text;

namespace OptOutBot.Engine.Replies;

/// <summary>A platform's limits as <see cref="ReplyLayout"/> needs them.</summary>
public sealed record LayoutLimits
{
    /// <summary>The most a message's text may hold, counted as the platform counts it (see <see cref="IMarkupWriter.LimitCountsMarkup"/>).</summary>
    public required int MaxTextLength { get; init; }

    /// <summary>Join consecutive messages that fit in one: one notification, one call, one answer to read.</summary>
    public bool MergeMessages { get; init; }

    /// <summary>Whether a joined message's buttons (choices, links) still fit the platform; asked only when merging.</summary>
    public Func<int, int, bool> ButtonsFit { get; init; } = static (_, _) => true;

    /// <summary>Longer urls are not linked (Discord: 512).</summary>
    public int MaxUrlLength { get; init; } = LinkRules.DefaultMaxLength;
}

/// <summary>
/// One message as the platform sends it: rendered text, and on the last part of each reply message the choices and
/// link buttons that go under it (already checked: valid action ids, safe urls).
/// </summary>
public readonly record struct ReplyPart(string Text, IReadOnlyList<Choice> Choices, IReadOnlyList<LinkButton> Links)
{
    /// <summary>The last part of a reply message: the one that carries its buttons.</summary>
    public bool IsLastOfMessage { get; init; }

    public bool HasButtons => Choices.Count > 0 || Links.Count > 0;
}

/// <summary>
/// The reply layout, once for every platform: merges short messages, splits long ones at the platform's limit on line
/// boundaries (never inside a word or a link), puts the sources footnote and the buttons on the last part, and drops
/// buttons no platform may show (invalid action ids, unsafe urls). A platform brings its <see cref="LayoutLimits"/> and
/// its <see cref="IMarkupWriter"/>.
/// </summary>
public static class ReplyLayout
{
    public static List<ReplyPart> Lay(Reply reply, LayoutLimits limits, IMarkupWriter writer, string locale) =>
        Lay(reply, limits, writer, locale, out _);

    /// <param name="buttonsLeftOut">How many buttons were dropped for an invalid action id or an unsafe url (a content defect to log).</param>
    public static List<ReplyPart> Lay(Reply reply, LayoutLimits limits, IMarkupWriter writer, string locale, out int buttonsLeftOut)
    {
        var parts = new List<ReplyPart>(reply.Messages.Count);
        buttonsLeftOut = 0;
        if (limits.MergeMessages && reply.Messages.Count > 1)
        {
            foreach (var message in Merge(reply.Messages, limits, writer, locale, ref buttonsLeftOut))
            {
                Lay(message, limits, writer, locale, parts);
            }
        }
        else
        {
            foreach (var message in reply.Messages)
            {
                Lay(Checked(message, limits, ref buttonsLeftOut), limits, writer, locale, parts);
            }
        }

        return parts;
    }

    private static void Lay(ReplyMessage message, LayoutLimits limits, IMarkupWriter writer, string locale, List<ReplyPart> output)
    {
        string? footnote = null;
        var room = 0;
        if (message.Sources.Count > 0)
        {
            var sb = new StringBuilder();
            room = writer.Footnote(sb, message.Sources, locale, limits.MaxUrlLength) + writer.FootnoteSeparator.Length;
            footnote = sb.ToString();
        }

        var max = limits.MaxTextLength;
        var markup = message.Text;
        if (room > max / 2)
        {
            // A footnote too long to sit under a part (a small configured limit, many sources) becomes lines of the text and is split with it.
            markup = SourcesAsMarkup(markup, message.Sources, limits.MaxUrlLength);
            footnote = null;
            room = 0;
        }

        // The usual case, a message that fits, costs one pass over the markup; only long ones go through the splitter.
        var whole = MarkupRenderer.Render(markup, writer, limits.MaxUrlLength, out var measured);
        if (measured + room <= max)
        {
            output.Add(Last(Finish(whole, footnote, writer), message));
            return;
        }

        int Measure(string markup) => MarkupRenderer.Measure(markup, writer, limits.MaxUrlLength);

        // Parts as long as the platform takes; the footnote goes under the last one, which is cut again shorter when it has no room.
        var chunks = MessageSplitter.Split(markup, max, Measure);
        if (room > 0 && chunks.Count > 0 && Measure(chunks[^1]) + room > max)
        {
            var tail = MessageSplitter.Split(chunks[^1], Math.Max(max / 2, max - room), Measure);
            chunks = [.. chunks.SkipLast(1), .. tail];
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            var text = MarkupRenderer.Render(chunks[i], writer, limits.MaxUrlLength);
            output.Add(i == chunks.Count - 1 ? Last(Finish(text, footnote, writer), message) : new ReplyPart(text.Length == 0 ? writer.EmptyText : text, [], []));
        }

        if (chunks.Count == 0)
        {
            output.Add(Last(Finish(string.Empty, footnote, writer), message));
        }
    }

    private static string SourcesAsMarkup(string text, IReadOnlyList<SourceNote> sources, int maxUrlLength)
    {
        var sb = new StringBuilder(text.TrimEnd()).Append('\n');
        foreach (var source in sources)
        {
            sb.Append("\n- _");
            var title = Markup.Escape(source.Title).Replace("]", ")", StringComparison.Ordinal);
            if (LinkRules.IsSafe(source.Url, maxUrlLength) && !source.Url.Contains(')', StringComparison.Ordinal))
            {
                sb.Append('[').Append(title).Append("](").Append(source.Url).Append(')');
            }
            else
            {
                sb.Append(title);
            }

            sb.Append("_ (").Append(source.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(')');
        }

        return sb.ToString();
    }

    private static ReplyPart Last(string text, ReplyMessage message) => new(text, message.Choices, message.Links) { IsLastOfMessage = true };

    private static string Finish(string text, string? footnote, IMarkupWriter writer) =>
        footnote is null ? (text.Length == 0 ? writer.EmptyText : text)
        : text.Length == 0 ? footnote
        : string.Concat(text, writer.FootnoteSeparator, footnote);

    /// <summary>
    /// Joins consecutive messages (a topic's answer and the first step of its guide) while the text and the buttons fit
    /// in one message; a button or source the first already has is not repeated.
    /// </summary>
    private static List<ReplyMessage> Merge(IReadOnlyList<ReplyMessage> messages, LayoutLimits limits, IMarkupWriter writer, string locale, ref int buttonsLeftOut)
    {
        var merged = new List<ReplyMessage>(messages.Count);
        var current = Checked(messages[0], limits, ref buttonsLeftOut);
        for (var i = 1; i < messages.Count; i++)
        {
            var next = Checked(messages[i], limits, ref buttonsLeftOut);
            var joined = new ReplyMessage(current.Text.TrimEnd() + "\n\n" + next.Text.TrimStart('\n'))
            {
                Choices = Union(current.Choices, next.Choices, static c => c.ActionId),
                Links = Union(current.Links, next.Links, static l => l.Url),
                Sources = Union(current.Sources, next.Sources, static s => s.Url),
            };
            if (limits.ButtonsFit(joined.Choices.Count, joined.Links.Count) && Fits(joined, limits, writer, locale))
            {
                current = joined;
            }
            else
            {
                merged.Add(current);
                current = next;
            }
        }

        merged.Add(current);
        return merged;
    }

    private static bool Fits(ReplyMessage message, LayoutLimits limits, IMarkupWriter writer, string locale)
    {
        var footnote = 0;
        if (message.Sources.Count > 0)
        {
            footnote = writer.Footnote(new StringBuilder(), message.Sources, locale, limits.MaxUrlLength) + writer.FootnoteSeparator.Length;
        }

        // Visible text is never longer than its markup, so the raw length is a free upper bound there.
        if (!writer.LimitCountsMarkup && message.Text.Length + footnote <= limits.MaxTextLength)
        {
            return true;
        }

        return MarkupRenderer.Measure(message.Text, writer, limits.MaxUrlLength) + footnote <= limits.MaxTextLength;
    }

    private static IReadOnlyList<T> Union<T>(IReadOnlyList<T> first, IReadOnlyList<T> second, Func<T, string> key)
    {
        if (second.Count == 0)
        {
            return first;
        }

        if (first.Count == 0)
        {
            return second;
        }

        var union = new List<T>(first.Count + second.Count);
        union.AddRange(first);
        foreach (var item in second)
        {
            var k = key(item);
            if (!first.Any(f => string.Equals(key(f), k, StringComparison.Ordinal)))
            {
                union.Add(item);
            }
        }

        return union;
    }

    /// <summary>The message without buttons no platform may show: an invalid action id, an unsafe url. Unchanged (no copy) in the usual case.</summary>
    private static ReplyMessage Checked(ReplyMessage message, LayoutLimits limits, ref int buttonsLeftOut)
    {
        var badChoices = 0;
        foreach (var choice in message.Choices)
        {
            badChoices += ActionIds.IsValid(choice.ActionId) ? 0 : 1;
        }

        var badLinks = 0;
        foreach (var link in message.Links)
        {
            badLinks += LinkRules.IsSafe(link.Url, limits.MaxUrlLength) ? 0 : 1;
        }

        if (badChoices + badLinks == 0)
        {
            return message;
        }

        buttonsLeftOut += badChoices + badLinks;
        var badChoice = badChoices > 0;
        var badLink = badLinks > 0;

        return message with
        {
            Choices = badChoice ? [.. message.Choices.Where(c => ActionIds.IsValid(c.ActionId))] : message.Choices,
            Links = badLink ? [.. message.Links.Where(l => LinkRules.IsSafe(l.Url, limits.MaxUrlLength))] : message.Links,
        };
    }
}
