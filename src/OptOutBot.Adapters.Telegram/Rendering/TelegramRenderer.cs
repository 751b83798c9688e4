using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using global::Telegram.Bot.Types.Enums;
using global::Telegram.Bot.Types.ReplyMarkups;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Rendering;

/// <summary>One Telegram message ready to send: HTML text (parse_mode HTML) and an optional inline keyboard.</summary>
internal sealed record TelegramMessage(string Html, InlineKeyboardMarkup? Keyboard);

/// <summary>
/// Turns a <see cref="Reply"/> into Telegram messages: the shared <see cref="ReplyLayout"/> with Telegram's limits and
/// its HTML writer (<see cref="TelegramMarkup"/>), then choices as callback buttons and links as url buttons.
/// </summary>
internal sealed class TelegramRenderer(ILogger<TelegramRenderer> logger)
{
    public const ParseMode ParseMode = global::Telegram.Bot.Types.Enums.ParseMode.Html;

    /// <summary>Telegram's limit on a message's text after entity parsing.</summary>
    public const int MaxTextLength = 4096;

    private const int MaxLabelLengthForPairs = 20;

    /// <summary>Beyond this many buttons a keyboard stops being readable on a phone; messages are not merged past it.</summary>
    private const int MaxButtons = 10;

    /// <summary>Joined messages: one notification instead of several, one call against the ~1 message/s per chat limit,
    /// and in webhook mode a reply that can travel in the webhook response.</summary>
    internal static readonly LayoutLimits Limits = new()
    {
        MaxTextLength = MaxTextLength,
        MergeMessages = true,
        ButtonsFit = static (choices, links) => choices + links <= MaxButtons,
    };

    // Content replies are built once and reused for every person, so their rendering is too. Weak keys: replies
    // made for one turn (a clarification, /mydata) are collected with their rendering.
    private readonly ConditionalWeakTable<Reply, IReadOnlyList<TelegramMessage>> _rendered = [];

    public IReadOnlyList<TelegramMessage> Render(Reply reply) => _rendered.GetValue(reply, RenderNew);

    private IReadOnlyList<TelegramMessage> RenderNew(Reply reply)
    {
        // Telegram's own texts (footnote) are language-neutral, so the layout needs no locale here.
        var parts = ReplyLayout.Lay(reply, Limits, TelegramMarkup.Instance, string.Empty, out var leftOut);
        if (leftOut > 0)
        {
            Log.ButtonsLeftOut(logger, leftOut);
        }

        var messages = new TelegramMessage[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            messages[i] = new TelegramMessage(parts[i].Text, Keyboard(parts[i]));
        }

        return messages;
    }

    /// <summary>The HTML for neutral markup; every span escaped so content can never inject tags.</summary>
    public static string ToHtml(string markup) => MarkupRenderer.Render(markup, TelegramMarkup.Instance);

    private static InlineKeyboardMarkup? Keyboard(ReplyPart part)
    {
        if (!part.HasButtons)
        {
            return null;
        }

        // Arrays, not lists: the keyboard is rendered once and serialised for every send, and an array's rows enumerate cheaply.
        var rows = new List<InlineKeyboardButton[]>();
        InlineKeyboardButton[]? pair = null;
        foreach (var choice in part.Choices)
        {
            var button = new InlineKeyboardButton(choice.Label) { CallbackData = choice.ActionId };
            // Short labels sit two to a row; long ones get a row each so Telegram does not truncate them.
            if (choice.Label.Length <= MaxLabelLengthForPairs && pair is [var first] && first.Text.Length <= MaxLabelLengthForPairs)
            {
                rows[^1] = [first, button];
                pair = null;
                continue;
            }

            pair = [button];
            rows.Add(pair);
        }

        foreach (var link in part.Links)
        {
            rows.Add([new InlineKeyboardButton(link.Label) { Url = link.Url }]);
        }

        return new InlineKeyboardMarkup { InlineKeyboard = rows.ToArray() };
    }
}
