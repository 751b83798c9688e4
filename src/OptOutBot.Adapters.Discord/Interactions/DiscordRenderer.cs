using System.Globalization;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// Turns a <see cref="Reply"/> into Discord messages: the shared <see cref="ReplyLayout"/> with Discord's limits and its
/// markdown writer (<see cref="DiscordMarkdown"/>), then choices as buttons (a select menu when there are too many),
/// links as link buttons and the "share in channel" button on the last message.
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

    private static readonly LayoutLimits Limits = new()
    {
        MaxTextLength = ContentLimit,
        MergeMessages = true,
        ButtonsFit = static (choices, links) => Rows(choices) + Rows(links) <= MaxRows,
        MaxUrlLength = DiscordMarkdown.MaxUrlLength,
    };

    // The share button takes a place among the links of the last message.
    private static readonly LayoutLimits LimitsWithShare = Limits with { ButtonsFit = static (choices, links) => Rows(choices) + Rows(links + 1) <= MaxRows };

    /// <param name="reply">What the engine said.</param>
    /// <param name="labels">Discord's own labels in the reply's language.</param>
    /// <param name="ephemeral">Only the person who asked sees it (answers in servers).</param>
    /// <param name="offerShare">Adds the "share in channel" button to the last message.</param>
    public static List<MessagePayload> Render(Reply reply, DiscordLabels labels, bool ephemeral, bool offerShare)
    {
        var parts = ReplyLayout.Lay(reply, offerShare ? LimitsWithShare : Limits, labels.Markdown, reply.Locale ?? string.Empty);
        var payloads = new List<MessagePayload>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var payload = new MessagePayload { Content = part.Text, Flags = ephemeral ? MessageFlags.Ephemeral : null };
            var share = offerShare && i == parts.Count - 1;
            if (part.IsLastOfMessage || share)
            {
                payload.Components = Components(part, labels, share);
            }

            payloads.Add(payload);
        }

        if (payloads.Count == 0)
        {
            payloads.Add(new MessagePayload { Content = DiscordMarkdown.Instance.EmptyText, Flags = ephemeral ? MessageFlags.Ephemeral : null });
        }

        return payloads;
    }

    private static List<Component>? Components(ReplyPart part, DiscordLabels labels, bool share)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { ShareActionId, SelectActionId };
        var choices = part.Choices
            .Select(c => c with { ActionId = Unique(c.ActionId, seen) })
            .ToList();
        var others = part.Links
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
