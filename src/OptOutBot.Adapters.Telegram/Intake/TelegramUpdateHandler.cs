using System.Globalization;
using Microsoft.Extensions.Logging;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using OptOutBot.Adapters.Telegram.Rendering;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>
/// One update in, the calls that answer it out: decides whether the bot is addressed (every private message; in groups
/// only commands, replies to the bot and mentions), drops redeliveries through <see cref="IUpdateLog"/>, runs the engine
/// and plans the answer (new messages, or an edit of the message whose button was pressed).
/// </summary>
internal sealed class TelegramUpdateHandler(
    TurnGuard guard,
    IUpdateLog updateLog,
    TelegramApiClient api,
    TelegramRenderer renderer,
    BotIdentity identity,
    ILogger<TelegramUpdateHandler> logger)
{
    public const string Channel = "telegram";

    /// <summary>A turn still marked as running after this long died with its instance: a redelivery runs it again.</summary>
    public static readonly TimeSpan TakeOverAfter = TimeSpan.FromSeconds(60);

    private static readonly HashSet<string> AdminCommands = ["subscribe", "unsubscribe"];

    public async ValueTask<TurnPlan> HandleAsync(Update update, CancellationToken cancellationToken = default)
    {
        if (update.CallbackQuery is { } callback)
        {
            return await HandleCallbackAsync(update.Id, callback, cancellationToken).ConfigureAwait(false);
        }

        if (update.Message is { } message)
        {
            return await HandleMessageAsync(update.Id, message, cancellationToken).ConfigureAwait(false);
        }

        if (update.MyChatMember is { NewChatMember.Status: ChatMemberStatus.Kicked or ChatMemberStatus.Left, Chat: { } chat })
        {
            Log.RemovedFromChat(logger, chat.Type);
        }

        return TurnPlan.Nothing;
    }

    private async ValueTask<TurnPlan> HandleMessageAsync(int updateId, Message message, CancellationToken cancellationToken)
    {
        // Fields the Bot API always sends may still be missing from a malformed body: such an update is skipped.
        if (message.From is not { IsBot: false } from || string.IsNullOrWhiteSpace(message.Text) || message.Chat is null || message.Chat.Type == ChatType.Channel)
        {
            return TurnPlan.Nothing;
        }

        var input = await ReadInputAsync(message, cancellationToken).ConfigureAwait(false);
        if (input is null)
        {
            return TurnPlan.Nothing;
        }

        var record = await BeginAsync(updateId, cancellationToken).ConfigureAwait(false);
        if (record.State != UpdateState.New)
        {
            return TurnPlan.Nothing with { Previous = record };
        }

        var chatId = message.Chat.Id;
        var threadId = message.IsTopicMessage ? message.MessageThreadId : null;
        bool? isAdmin = null;
        if (IsGroup(message.Chat) && input is CommandInput { Name: var name } && AdminCommands.Contains(name))
        {
            isAdmin = await IsAdminAsync(message, cancellationToken).ConfigureAwait(false);
        }

        var inbound = new InboundMessage(Channel, chatId.ToString(CultureInfo.InvariantCulture), from.Id.ToString(CultureInfo.InvariantCulture), input, from.LanguageCode)
        {
            Scope = IsGroup(message.Chat) ? ConversationScope.Group : ConversationScope.Private,
            SenderIsAdmin = isAdmin,
            ReplyAddress = new ChannelAddress(Channel, TelegramAddress.Format(chatId, threadId)),
        };

        var turn = await RunEngineAsync(inbound, cancellationToken).ConfigureAwait(false);
        return new TurnPlan(PlanSends(turn.Reply, chatId, threadId, inbound.LocaleHint)) { UpdateId = Id(updateId) };
    }

    private async ValueTask<TurnPlan> HandleCallbackAsync(int updateId, CallbackQuery callback, CancellationToken cancellationToken)
    {
        // The client shows a spinner until the query is answered, so it is answered whatever happens next.
        var calls = new List<PlannedCall> { new AnswerCallbackCall(new AnswerCallbackQueryRequest { CallbackQueryId = callback.Id }) };
        if (string.IsNullOrEmpty(callback.Data) || callback.Data.StartsWith("x:", StringComparison.Ordinal) || callback.Message is not { Chat: not null } origin || callback.From is null)
        {
            return new TurnPlan(calls);
        }

        var record = await BeginAsync(updateId, cancellationToken).ConfigureAwait(false);
        if (record.State != UpdateState.New)
        {
            return new TurnPlan(calls) { Previous = record };
        }

        var chatId = origin.Chat.Id;
        var threadId = origin.IsTopicMessage ? origin.MessageThreadId : null;
        var inbound = new InboundMessage(Channel, chatId.ToString(CultureInfo.InvariantCulture), callback.From.Id.ToString(CultureInfo.InvariantCulture), new ActionInput(callback.Data), callback.From.LanguageCode)
        {
            Scope = IsGroup(origin.Chat) ? ConversationScope.Group : ConversationScope.Private,
            ReplyAddress = new ChannelAddress(Channel, TelegramAddress.Format(chatId, threadId)),
        };

        var turn = await RunEngineAsync(inbound, cancellationToken).ConfigureAwait(false);
        var sends = PlanSends(turn.Reply, chatId, threadId, inbound.LocaleHint);
        // A guide step replaces the step before it (less scrolling), when it fits in that one message.
        if (turn.Reply.ContinuesPrevious && origin.Id > 0 && sends is [SendMessageCall single])
        {
            var send = single.Request;
            calls.Add(new EditMessageCall(
                new EditMessageTextRequest
                {
                    ChatId = chatId, MessageId = origin.Id, Text = send.Text, ParseMode = send.ParseMode,
                    LinkPreviewOptions = send.LinkPreviewOptions, ReplyMarkup = send.ReplyMarkup as global::Telegram.Bot.Types.ReplyMarkups.InlineKeyboardMarkup,
                },
                send));
        }
        else
        {
            calls.AddRange(sends);
        }

        return new TurnPlan(calls) { UpdateId = Id(updateId) };
    }

    /// <summary>The input when the bot is addressed, else null (group chatter, commands for other bots).</summary>
    internal async ValueTask<MessageInput?> ReadInputAsync(Message message, CancellationToken cancellationToken)
    {
        var text = message.Text!;
        if (TryParseCommand(text, out var name, out var target, out var argument))
        {
            if (target is not null)
            {
                var username = await identity.GetUsernameAsync(cancellationToken).ConfigureAwait(false);
                if (username is null || !target.Equals(username, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
            }

            return new CommandInput(name, argument);
        }

        if (!IsGroup(message.Chat))
        {
            return new TextInput(text.Trim());
        }

        if (message.ReplyToMessage?.From?.Id is { } repliedTo && repliedTo == identity.Id)
        {
            return new TextInput(text.Trim());
        }

        if (message.Entities is { Length: > 0 } entities)
        {
            foreach (var entity in entities)
            {
                // Offsets come from the wire: a length of 0 or an offset near int.MaxValue must not reach the slicing below.
                if (entity.Offset < 0 || entity.Length < 1 || (long)entity.Offset + entity.Length > text.Length)
                {
                    continue;
                }

                var mentioned = entity.Type switch
                {
                    MessageEntityType.TextMention => entity.User?.Id == identity.Id,
                    MessageEntityType.Mention => (await identity.GetUsernameAsync(cancellationToken).ConfigureAwait(false)) is { } me
                        && text.AsSpan(entity.Offset + 1, entity.Length - 1).Equals(me, StringComparison.OrdinalIgnoreCase),
                    _ => false,
                };
                if (mentioned)
                {
                    var rest = (text[..entity.Offset] + text[(entity.Offset + entity.Length)..]).Trim().TrimStart(',', ':').Trim();
                    return rest.Length == 0 ? new CommandInput("start") : new TextInput(rest);
                }
            }
        }

        return null;
    }

    /// <summary>"/Optout@Bot facebook" → ("optout", "Bot", "facebook"). Names are lower-cased; the target is null when absent.</summary>
    internal static bool TryParseCommand(string text, out string name, out string? target, out string? argument)
    {
        name = string.Empty;
        target = argument = null;
        var trimmed = text.TrimStart();
        if (trimmed.Length < 2 || trimmed[0] != '/')
        {
            return false;
        }

        var end = trimmed.AsSpan(1).IndexOfAny(' ', '\n', '\t');
        var word = end < 0 ? trimmed[1..] : trimmed[1..(end + 1)];
        var at = word.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            target = word[(at + 1)..];
            word = word[..at];
        }

        if (word.Length is 0 or > 32 || !word.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return false;
        }

        name = word.ToLowerInvariant();
        var rest = end < 0 ? string.Empty : trimmed[(end + 2)..].Trim();
        argument = rest.Length == 0 ? null : rest;
        return true;
    }

    private List<PlannedCall> PlanSends(Reply reply, long chatId, int? threadId, string? localeHint)
    {
        IReadOnlyList<TelegramMessage> rendered;
        try
        {
            rendered = renderer.Render(reply);
        }
        catch (Exception e)
        {
            rendered = renderer.Render(guard.Failed(Channel, localeHint, e).Reply);
        }

        var calls = new List<PlannedCall>(rendered.Count);
        foreach (var message in rendered)
        {
            calls.Add(new SendMessageCall(TelegramAddress.ToSendMessage(message, chatId, threadId)));
        }

        return calls;
    }

    private static string Id(int updateId) => updateId.ToString(CultureInfo.InvariantCulture);

    private static bool IsGroup(Chat chat) => chat.Type is ChatType.Group or ChatType.Supergroup;

    private async ValueTask<UpdateRecord> BeginAsync(int updateId, CancellationToken cancellationToken)
    {
        var record = await updateLog.BeginAsync(Channel, Id(updateId), TakeOverAfter, cancellationToken).ConfigureAwait(false);
        if (record.State != UpdateState.New)
        {
            Log.DuplicateUpdate(logger, updateId, record.State);
        }

        return record;
    }

    private async ValueTask<bool?> IsAdminAsync(Message message, CancellationToken cancellationToken)
    {
        // An anonymous group admin posts as the group itself.
        if (message.SenderChat?.Id == message.Chat.Id)
        {
            return true;
        }

        var member = await api.CallAsync(new GetChatMemberRequest { ChatId = message.Chat.Id, UserId = message.From!.Id }, cancellationToken).ConfigureAwait(false);
        return member.Value is { } m ? m.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator : null;
    }

    private ValueTask<TurnResult> RunEngineAsync(InboundMessage inbound, CancellationToken cancellationToken) =>
        guard.HandleAsync(inbound, cancellationToken);
}

/// <summary>The adapter's <see cref="ChannelAddress"/> values: "chatId", or "chatId/threadId" in forum topics.</summary>
internal static class TelegramAddress
{
    public static string Format(long chatId, int? threadId) =>
        threadId is { } t ? chatId.ToString(CultureInfo.InvariantCulture) + "/" + t.ToString(CultureInfo.InvariantCulture) : chatId.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string value, out long chatId, out int? threadId)
    {
        threadId = null;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId);
        }

        if (long.TryParse(value.AsSpan(0, slash), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId)
            && int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
        {
            threadId = t;
            return true;
        }

        return false;
    }

    /// <summary>Link previews are off: a reply's links are sources and buttons, not something to show a card for.</summary>
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public static SendMessageRequest ToSendMessage(TelegramMessage message, long chatId, int? threadId) => new()
    {
        ChatId = chatId,
        MessageThreadId = threadId,
        Text = message.Html,
        ParseMode = TelegramRenderer.ParseMode,
        LinkPreviewOptions = NoPreview,
        ReplyMarkup = message.Keyboard,
    };
}
