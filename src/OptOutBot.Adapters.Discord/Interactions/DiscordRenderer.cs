using System.Globalization;
using System.Text;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Engine;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// Turns a <see cref="Reply"/> into Discord messages: escaped markdown split at 2,000 characters on line boundaries,
/// choices as buttons (a select menu when there are too many), links as link buttons, sources as a small footnote.
/// </summary>
internal static class DiscordRenderer
{
    public const int ContentLimit = 2000;
    public const int LabelLimit = 80;
    public const int MaxRows = 5;
    public const int ButtonsPerRow = 5;
    public const int MaxSelectOptions = 25;

    /// <summary>The adapter's own "share in channel" button; the engine never sees "x:" ids.</summary>
    public const string ShareActionId = "x:share";

    /// <summary>The select menu that carries choices when they do not fit as buttons; its values are action ids.</summary>
    public const string SelectActionId = "x:select";

    /// <param name="reply">What the engine said.</param>
    /// <param name="labels">Discord's own labels in the reply's language.</param>
    /// <param name="ephemeral">Only the person who asked sees it (answers in servers).</param>
    /// <param name="offerShare">Adds the "share in channel" button to the last message.</param>
    public static List<MessagePayload> Render(Reply reply, DiscordLabels labels, bool ephemeral, bool offerShare)
    {
        var payloads = new List<MessagePayload>();
        var messages = Merge(reply.Messages, labels, offerShare);
        for (var m = 0; m < messages.Count; m++)
        {
            var message = messages[m];
            var chunks = SplitContent(message, labels);
            for (var c = 0; c < chunks.Count; c++)
            {
                var payload = new MessagePayload { Content = chunks[c], Flags = ephemeral ? MessageFlags.Ephemeral : null };
                if (c == chunks.Count - 1)
                {
                    var share = offerShare && m == messages.Count - 1;
                    payload.Components = Components(message, labels, share);
                }

                payloads.Add(payload);
            }
        }

        if (payloads.Count == 0)
        {
            payloads.Add(new MessagePayload { Content = "…", Flags = ephemeral ? MessageFlags.Ephemeral : null });
        }

        return payloads;
    }

    /// <summary>
    /// Joins consecutive messages (a topic's answer and the first step of its guide) into one Discord message when
    /// the text and the buttons fit: one answer to read, no follow-up call.
    /// </summary>
    internal static List<ReplyMessage> Merge(IReadOnlyList<ReplyMessage> messages, DiscordLabels labels, bool offerShare)
    {
        var merged = new List<ReplyMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (merged.Count > 0)
            {
                var previous = merged[^1];
                var candidate = new ReplyMessage(previous.Text.TrimEnd() + "\n\n" + message.Text.TrimStart())
                {
                    Choices = [.. previous.Choices, .. message.Choices],
                    Links = [.. previous.Links, .. message.Links],
                    Sources = [.. previous.Sources, .. message.Sources],
                };
                if (SplitContent(candidate, labels).Count == 1 && FitsAsButtons(candidate, offerShare))
                {
                    merged[^1] = candidate;
                    continue;
                }
            }

            merged.Add(message);
        }

        return merged;
    }

    private static bool FitsAsButtons(ReplyMessage message, bool share) =>
        Rows(message.Choices.Count) + Rows(message.Links.Count + (share ? 1 : 0)) <= MaxRows;

    internal static List<string> SplitContent(ReplyMessage message, DiscordLabels labels)
    {
        var whole = DiscordMarkdown.Render(message.Text);
        List<string> chunks = whole.Length <= ContentLimit
            ? (whole.Length > 0 ? [whole] : [])
            : MessageSplitter.Split(message.Text, ContentLimit, static s => DiscordMarkdown.Render(s).Length)
                .Select(DiscordMarkdown.Render)
                .Where(s => s.Length > 0)
                .ToList();
        var footnote = Footnote(message.Sources, labels);
        if (footnote.Length > 0)
        {
            if (chunks.Count > 0 && chunks[^1].Length + 1 + footnote.Length <= ContentLimit)
            {
                chunks[^1] += "\n" + footnote;
            }
            else
            {
                chunks.Add(footnote.Length <= ContentLimit ? footnote : footnote[..ContentLimit]);
            }
        }

        return chunks;
    }

    // "-# " is Discord's small grey subtext line.
    private static string Footnote(IReadOnlyList<SourceNote> sources, DiscordLabels labels)
    {
        if (sources.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder("-# ");
        sb.Append(sources.Count == 1 ? labels.SourceOne : labels.SourceOther).Append(' ');
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (i > 0)
            {
                sb.Append(" · ");
            }

            if (DiscordMarkdown.IsSafeUrl(source.Url))
            {
                sb.Append('[');
                DiscordMarkdown.AppendEscaped(sb, source.Title);
                sb.Append("](<").Append(source.Url).Append(">)");
            }
            else
            {
                DiscordMarkdown.AppendEscaped(sb, source.Title);
            }

            sb.Append(" (").Append(source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
        }

        return sb.ToString();
    }

    private static List<Component>? Components(ReplyMessage message, DiscordLabels labels, bool share)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { ShareActionId, SelectActionId };
        var choices = message.Choices
            .Where(c => c.ActionId.Length is > 0 and <= ActionIds.MaxLength)
            .Select(c => c with { ActionId = Unique(c.ActionId, seen) })
            .ToList();
        var others = message.Links
            .Where(l => DiscordMarkdown.IsSafeUrl(l.Url))
            .Select(l => new Component { Type = ComponentTypes.Button, Style = ButtonStyles.Link, Label = Label(l.Label), Url = l.Url })
            .ToList();
        if (share)
        {
            others.Add(new Component { Type = ComponentTypes.Button, Style = ButtonStyles.Secondary, Label = labels.Share, CustomId = ShareActionId });
        }

        var rows = new List<Component>();
        var otherRows = Rows(others);
        if (Rows(choices.Count) + otherRows.Count <= MaxRows)
        {
            rows.AddRange(Rows(choices.Select(c => new Component
            {
                Type = ComponentTypes.Button,
                Style = ButtonStyles.Primary,
                Label = Label(c.Label),
                CustomId = c.ActionId,
            }).ToList()));
        }
        else if (choices.Count > 0)
        {
            rows.Add(Component.Row(
            [
                new Component
                {
                    Type = ComponentTypes.StringSelect,
                    CustomId = SelectActionId,
                    Placeholder = labels.Choose,
                    Options = choices.Take(MaxSelectOptions).Select(c => new SelectOption { Label = Label(c.Label, 100), Value = c.ActionId }).ToList(),
                },
            ]));
        }

        rows.AddRange(otherRows.Take(MaxRows - rows.Count));
        return rows.Count == 0 ? null : rows;
    }

    /// <summary>
    /// Discord wants custom ids unique within a message, but two labels may lead to the same place ("Back" and
    /// "OK, back to the steps"): the second gets a "#2" suffix, which <see cref="ActionOf"/> removes again.
    /// </summary>
    private static string Unique(string actionId, HashSet<string> seen)
    {
        var id = actionId;
        for (var n = 2; !seen.Add(id); n++)
        {
            id = actionId + DuplicateMarker + n.ToString(CultureInfo.InvariantCulture);
        }

        return id;
    }

    /// <summary>The engine's action id behind a button's custom id.</summary>
    public static string ActionOf(string customId)
    {
        var marker = customId.LastIndexOf(DuplicateMarker);
        return marker > 0 && marker < customId.Length - 1 && customId.AsSpan(marker + 1).IndexOfAnyExceptInRange('0', '9') < 0
            ? customId[..marker]
            : customId;
    }

    private const char DuplicateMarker = '#';

    private static int Rows(int buttons) => (buttons + ButtonsPerRow - 1) / ButtonsPerRow;

    private static List<Component> Rows(List<Component> buttons) =>
        buttons.Chunk(ButtonsPerRow).Select(chunk => Component.Row([.. chunk])).ToList();

    private static string Label(string text, int limit = LabelLimit)
    {
        var plain = Markup.ToPlainText(text).ReplaceLineEndings(" ").Trim();
        if (plain.Length == 0)
        {
            plain = "…";
        }

        return plain.Length <= limit ? plain : plain[..(limit - 1)] + "…";
    }
}
