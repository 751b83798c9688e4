using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Types.Enums;
using global::Telegram.Bot.Types.ReplyMarkups;
using OptOutBot.Adapters.Telegram.Intake;

namespace OptOutBot.Adapters.Telegram.Tests.Intake;

public sealed class StoredCallsTests
{
    private static SendMessageRequest Send() => new()
    {
        ChatId = -100,
        MessageThreadId = 8,
        Text = "<b>Réglages</b> & co",
        ParseMode = ParseMode.Html,
        ReplyMarkup = new InlineKeyboardMarkup { InlineKeyboard = new InlineKeyboardButton[][] { [new("Menu") { CallbackData = "m" }], [new("Site") { Url = "https://cnil.fr/" }] } },
    };

    [Fact]
    public void InlineBody_IsTheWebhookAnswer_AndReadsBackAsTheSameSend()
    {
        var body = StoredCalls.InlineBody(Send());

        Assert.StartsWith("{", body, StringComparison.Ordinal);
        Assert.Contains("\"method\":\"sendMessage\"", body, StringComparison.Ordinal);
        Assert.Contains("\"parse_mode\":\"HTML\"", body, StringComparison.Ordinal);
        Assert.Contains("<b>Réglages</b> & co", body, StringComparison.Ordinal);
        var again = Assert.IsType<SendMessageCall>(Assert.Single(StoredCalls.FromJson(body))).Request;
        Assert.Equal((-100L, 8, "<b>Réglages</b> & co", ParseMode.Html, false), (again.ChatId.Identifier, again.MessageThreadId, again.Text, again.ParseMode, again.IsWebhookResponse));
        Assert.Equal(["m", null], ((InlineKeyboardMarkup)again.ReplyMarkup!).InlineKeyboard.SelectMany(r => r).Select(b => b.CallbackData));
    }

    [Fact]
    public void CallList_RoundTrips_EditWithFallback_AndCallbackAnswer()
    {
        var calls = new PlannedCall[]
        {
            new AnswerCallbackCall(new AnswerCallbackQueryRequest { CallbackQueryId = "cb" }),
            new EditMessageCall(new EditMessageTextRequest { ChatId = 42, MessageId = 9, Text = "Step 2" }, Send()),
        };

        var back = StoredCalls.FromJson(StoredCalls.ToJson(calls));

        Assert.Equal("cb", Assert.IsType<AnswerCallbackCall>(back[0]).Request.CallbackQueryId);
        var edit = Assert.IsType<EditMessageCall>(back[1]);
        Assert.Equal((42L, 9, "Step 2", -100L), (edit.Request.ChatId.Identifier, edit.Request.MessageId, edit.Request.Text, edit.Fallback.ChatId.Identifier));
    }

    [Fact]
    public void AnswersQueuedByTheVersionBeforeTelegramBot_StillRead()
    {
        // As the hand-written wire types stored them (parse_mode spelled "HTML", chat ids as numbers).
        const string stored = """
            [{"send":{"chat_id":42,"message_thread_id":3,"text":"Hello <b>there</b>","parse_mode":"HTML","link_preview_options":{"is_disabled":true},"reply_markup":{"inline_keyboard":[[{"text":"Menu","callback_data":"m"}]]}}},
             {"edit":{"chat_id":42,"message_id":10,"text":"Step","parse_mode":"HTML"},"send":{"chat_id":42,"text":"Step","parse_mode":"HTML"}},
             {"answer":{"callback_query_id":"7"}}]
            """;

        var calls = StoredCalls.FromJson(stored);

        var send = Assert.IsType<SendMessageCall>(calls[0]).Request;
        Assert.Equal((42L, 3, ParseMode.Html, true), (send.ChatId.Identifier, send.MessageThreadId, send.ParseMode, send.LinkPreviewOptions!.IsDisabled));
        Assert.Equal("m", Assert.Single(((InlineKeyboardMarkup)send.ReplyMarkup!).InlineKeyboard.SelectMany(r => r)).CallbackData);
        Assert.Equal(10, Assert.IsType<EditMessageCall>(calls[1]).Request.MessageId);
        Assert.Equal("7", Assert.IsType<AnswerCallbackCall>(calls[2]).Request.CallbackQueryId);
    }
}
