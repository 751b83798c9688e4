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
/// Reply → message activities: the shared <see cref="ReplyLayout"/> with the configured length and the markdown writer
/// (<see cref="BotFrameworkMarkdown"/>), then choices as suggested actions or hero-card buttons (messageBack carrying the
/// action id) and links as openUrl buttons, on the last activity of each message.
/// </summary>
internal static class BotFrameworkRenderer
{
    /// <summary>Teams shows at most six buttons on a hero card; more go on a further card.</summary>
    internal const int MaxButtonsPerCard = 6;

    public static List<OutboundActivity> Render(Reply reply, RenderTarget target, int maxLength)
    {
        var parts = ReplyLayout.Lay(reply, Limits(maxLength), BotFrameworkMarkdown.Instance, target.Locale ?? string.Empty);
        var activities = new List<OutboundActivity>(parts.Count);
        foreach (var part in parts)
        {
            var activity = new OutboundActivity
            {
                Text = part.Text,
                TextFormat = "markdown",
                Locale = string.IsNullOrEmpty(target.Locale) ? null : target.Locale,
            };
            if (part.IsLastOfMessage)
            {
                AddButtons(activity, part, target);
            }

            activities.Add(activity);
        }

        return activities;
    }

    // One activity per reply message (channels show each as its own bubble, and the transcripts count on it); the
    // limit is the operator's BotFramework:MaxMessageLength, so the two usual values are kept.
    private static readonly LayoutLimits Default = new() { MaxTextLength = 4000 };

    private static LayoutLimits Limits(int maxLength) => maxLength == Default.MaxTextLength ? Default : new LayoutLimits { MaxTextLength = maxLength };

    private static void AddButtons(OutboundActivity activity, ReplyPart part, RenderTarget target)
    {
        var links = part.Links.Select(l => new CardAction { Type = "openUrl", Title = l.Label, Value = l.Url }).ToList();
        var choices = part.Choices.Select(ChoiceAction).ToList();
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

    /// <summary>Neutral markup → Bot Framework markdown (CommonMark as Web Chat and Teams read it).</summary>
    internal static string ToMarkdown(string markup) => MarkupRenderer.Render(markup, BotFrameworkMarkdown.Instance);
}
