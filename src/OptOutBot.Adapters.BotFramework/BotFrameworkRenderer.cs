using System.Text;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>Where the rendered activities go and how the channel shows buttons.</summary>
/// <param name="ChannelId">The Bot Framework channel ("msteams", "webchat", "directline", "emulator", …).</param>
/// <param name="UserId">The person the suggested actions are for.</param>
internal readonly record struct RenderTarget(string ChannelId, string? UserId, string? Locale)
{
    /// <summary>Teams shows suggested actions only in 1:1 chats and only as imBack, so buttons go on a hero card there.</summary>
    public bool UsesHeroCards => string.Equals(ChannelId, "msteams", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Reply → message activities: text as markdown (every span escaped, so content cannot inject markup), choices as
/// suggested actions or hero-card buttons (messageBack carrying the action id), links as openUrl buttons, long
/// answers split into several activities with the buttons on the last one.
/// </summary>
internal static class BotFrameworkRenderer
{
    /// <summary>Teams shows at most six buttons on a hero card; more go on a further card.</summary>
    internal const int MaxButtonsPerCard = 6;

    public static List<OutboundActivity> Render(Reply reply, RenderTarget target, int maxLength)
    {
        var activities = new List<OutboundActivity>(reply.Messages.Count);
        foreach (var message in reply.Messages)
        {
            var text = message.Text;
            if (message.Sources.Count > 0)
            {
                text = AppendSources(text, message.Sources);
            }

            // Most answers fit in one activity: render once and only split when they do not.
            var whole = ToMarkdown(text);
            IReadOnlyList<string> chunks = whole.Length <= maxLength ? [text] : MessageSplitter.Split(text, maxLength, static m => ToMarkdown(m).Length);
            for (var i = 0; i < chunks.Count; i++)
            {
                var activity = new OutboundActivity
                {
                    Text = chunks.Count == 1 && whole.Length <= maxLength ? whole : ToMarkdown(chunks[i]),
                    TextFormat = "markdown",
                    Locale = string.IsNullOrEmpty(target.Locale) ? null : target.Locale,
                };
                if (i == chunks.Count - 1)
                {
                    AddButtons(activity, message, target);
                }

                activities.Add(activity);
            }

            if (chunks.Count == 0 && (message.Choices.Count > 0 || message.Links.Count > 0))
            {
                var activity = new OutboundActivity { Locale = string.IsNullOrEmpty(target.Locale) ? null : target.Locale };
                AddButtons(activity, message, target);
                activities.Add(activity);
            }
        }

        return activities;
    }

    private static void AddButtons(OutboundActivity activity, ReplyMessage message, RenderTarget target)
    {
        var links = message.Links.Select(l => new CardAction { Type = "openUrl", Title = l.Label, Value = l.Url }).ToList();
        var choices = message.Choices.Select(ChoiceAction).ToList();
        if (target.UsesHeroCards)
        {
            AddCards(activity, [.. choices, .. links]);
            return;
        }

        if (choices.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                To = target.UserId is { Length: > 0 } user ? [user] : [],
                Actions = choices,
            };
        }

        // Suggested actions disappear after the next message, so links (which stay useful) go on a card.
        AddCards(activity, links);
    }

    private static CardAction ChoiceAction(Choice choice) => new()
    {
        Type = "messageBack",
        Title = choice.Label,
        Text = choice.Label,
        DisplayText = choice.Label,
        Value = new ActionValue { ActionId = choice.ActionId },
    };

    private static void AddCards(OutboundActivity activity, List<CardAction> buttons)
    {
        if (buttons.Count == 0)
        {
            return;
        }

        activity.Attachments ??= [];
        foreach (var chunk in buttons.Chunk(MaxButtonsPerCard))
        {
            activity.Attachments.Add(new Attachment { Content = new HeroCard { Buttons = [.. chunk] } });
        }

        activity.AttachmentLayout = "list";
    }

    private static string AppendSources(string text, IReadOnlyList<SourceNote> sources)
    {
        var sb = new StringBuilder(text).Append("\n\n");
        foreach (var source in sources)
        {
            sb.Append("- _[").Append(EscapeLinkLabel(source.Title)).Append("](").Append(source.Url).Append(")_ (")
              .Append(source.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(")\n");
        }

        return sb.ToString().TrimEnd('\n');
    }

    // Markup inside a source title would otherwise close the link early.
    private static string EscapeLinkLabel(string title) => title.Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal);

    /// <summary>Neutral markup → Bot Framework markdown (CommonMark as Web Chat and Teams read it).</summary>
    internal static string ToMarkdown(string markup)
    {
        var sb = new StringBuilder(markup.Length + 16);
        var previous = LineKind.Blank;
        var first = true;
        foreach (var line in Markup.Parse(markup))
        {
            if (line.Kind == LineKind.Blank)
            {
                previous = LineKind.Blank;
                continue;
            }

            if (!first)
            {
                // A blank line between paragraphs and around lists; a hard break ("  \n") between lines of one paragraph.
                sb.Append(previous == LineKind.Blank || line.Kind != previous ? "\n\n" : line.Kind == LineKind.Paragraph ? "  \n" : "\n");
            }

            first = false;
            switch (line.Kind)
            {
                case LineKind.Bullet:
                    sb.Append("- ");
                    break;
                case LineKind.Numbered:
                    sb.Append(line.Number).Append(". ");
                    break;
            }

            var lineStart = sb.Length;
            foreach (var span in line.Spans)
            {
                AppendSpan(sb, span);
            }

            if (line.Kind == LineKind.Paragraph)
            {
                EscapeLineStart(sb, lineStart);
            }

            previous = line.Kind;
        }

        return sb.ToString();
    }

    private static void AppendSpan(StringBuilder sb, MarkupSpan span)
    {
        var (open, close) = span.Style switch
        {
            SpanStyle.Bold => ("**", "**"),
            SpanStyle.Italic => ("_", "_"),
            SpanStyle.Bold | SpanStyle.Italic => ("**_", "_**"),
            _ => (string.Empty, string.Empty),
        };

        // Emphasis markers must hug the text in CommonMark, so surrounding spaces stay outside them.
        var text = span.Text;
        var trimmed = text.Trim();
        if (open.Length > 0 && trimmed.Length == 0)
        {
            open = close = string.Empty;
        }

        var lead = open.Length > 0 ? text[..(text.Length - text.TrimStart().Length)] : string.Empty;
        var trail = open.Length > 0 ? text[text.TrimEnd().Length..] : string.Empty;
        var inner = open.Length > 0 ? trimmed : text;

        sb.Append(lead).Append(open);
        if (span.Url is not null)
        {
            sb.Append('[');
            Escape(sb, inner);
            sb.Append("](").Append(span.Url.Replace(" ", "%20", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace("(", "%28", StringComparison.Ordinal)).Append(')');
        }
        else
        {
            Escape(sb, inner);
        }

        sb.Append(close).Append(trail);
    }

    private static void Escape(StringBuilder sb, string text)
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

    // A paragraph starting with "- ", "+ " or "12. " would turn into a list; escape its marker.
    private static void EscapeLineStart(StringBuilder sb, int start)
    {
        if (sb.Length <= start)
        {
            return;
        }

        var c = sb[start];
        if ((c is '-' or '+') && sb.Length > start + 1 && sb[start + 1] == ' ')
        {
            sb.Insert(start, '\\');
            return;
        }

        var i = start;
        while (i < sb.Length && char.IsAsciiDigit(sb[i]))
        {
            i++;
        }

        if (i > start && i < sb.Length && sb[i] is '.' or ')')
        {
            sb.Insert(i, '\\');
        }
    }
}
