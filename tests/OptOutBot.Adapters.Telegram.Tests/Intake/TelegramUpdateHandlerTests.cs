using System.Net;
using System.Text.Json;
using Moq;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Tests.Support;
using OptOutBot.Adapters.Telegram.Wire;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Tests.Intake;

public sealed class TelegramUpdateHandlerTests
{
    private readonly TestBot _bot = new();

    private static Update Parse(string json) => JsonSerializer.Deserialize(json, TelegramJson.Update)!;

    private static Update Text(string text, long updateId = 1, string chatType = "private", long chatId = 42, string? extra = null) => Parse(
        "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":10,\"date\":1748300000,"
        + "\"chat\":{\"id\":" + chatId + ",\"type\":\"" + chatType + "\"},"
        + "\"from\":{\"id\":5,\"is_bot\":false,\"first_name\":\"A\",\"language_code\":\"fr-FR\"},"
        + "\"text\":" + JsonSerializer.Serialize(text) + extra + "}}");

    [Fact]
    public async Task PrivateText_GoesToEngineWithLocaleAndAddress_AndIsAnswered()
    {
        var plan = await _bot.Handler.HandleAsync(Text("comment m'opposer sur insta ?"));

        var inbound = Assert.Single(_bot.Inbound);
        Assert.Equal(new TextInput("comment m'opposer sur insta ?"), inbound.Input);
        Assert.Equal(("telegram", "42", "5", "fr-FR"), (inbound.Channel, inbound.ConversationId, inbound.UserId, inbound.LocaleHint));
        Assert.Equal(ConversationScope.Private, inbound.Scope);
        Assert.Equal(new ChannelAddress("telegram", "42"), inbound.ReplyAddress);
        var send = Assert.IsType<SendMessageCall>(Assert.Single(plan.Calls)).Request;
        Assert.Equal((42L, "Hello <b>there</b>", ParseMode.Html), (send.ChatId.Identifier, send.Text, send.ParseMode));
    }

    [Fact]
    public async Task RedeliveredUpdate_AnsweredOnce()
    {
        await _bot.Handler.HandleAsync(Text("hello", updateId: 7));
        var second = await _bot.Handler.HandleAsync(Text("hello", updateId: 7));

        Assert.Single(_bot.Inbound);
        Assert.Empty(second.Calls);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(2147483600, 100)]
    [InlineData(-5, 3)]
    public async Task GroupMention_WithAbsurdEntityOffsets_IsIgnoredWithoutAnError(int offset, int length)
    {
        var plan = await _bot.Handler.HandleAsync(Text("@OptOutTestBot hi", chatType: "group", chatId: -100,
            extra: ",\"entities\":[{\"type\":\"mention\",\"offset\":" + offset + ",\"length\":" + length + "}]"));

        Assert.Empty(plan.Calls);
        Assert.Empty(_bot.Inbound);
    }

    [Fact]
    public async Task EngineThrows_ThePersonGetsTheApology()
    {
        _bot.Engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("store down"));

        var plan = await _bot.Handler.HandleAsync(Text("hello"));

        var send = Assert.IsType<SendMessageCall>(Assert.Single(plan.Calls)).Request;
        Assert.Contains(OptOutBot.Testing.TestGuard.Apology, send.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/optout facebook", "optout", "facebook")]
    [InlineData("/OptOut@OptOutTestBot  instagram ", "optout", "instagram")]
    [InlineData("/start", "start", null)]
    public async Task Command_BecomesCommandInput(string text, string name, string? argument)
    {
        await _bot.Handler.HandleAsync(Text(text));

        Assert.Equal(new CommandInput(name, argument), Assert.Single(_bot.Inbound).Input);
    }

    [Fact]
    public async Task CommandForAnotherBot_Ignored()
    {
        var plan = await _bot.Handler.HandleAsync(Text("/optout@OtherBot", chatType: "group", chatId: -100));

        Assert.Empty(_bot.Inbound);
        Assert.Empty(plan.Calls);
    }

    [Fact]
    public async Task GroupChatter_Ignored_AndNotRecorded()
    {
        var plan = await _bot.Handler.HandleAsync(Text("anyone seen the match?", chatType: "supergroup", chatId: -100));

        Assert.Empty(_bot.Inbound);
        Assert.Empty(plan.Calls);
        Assert.Empty(_bot.UpdateLog.Invocations);
    }

    [Fact]
    public async Task GroupMention_TextWithoutMentionGoesToEngine()
    {
        await _bot.Handler.HandleAsync(Text("@OptOutTestBot how do I object?", chatType: "group", chatId: -100,
            extra: ""","entities":[{"type":"mention","offset":0,"length":14}]"""));

        var inbound = Assert.Single(_bot.Inbound);
        Assert.Equal(new TextInput("how do I object?"), inbound.Input);
        Assert.Equal(ConversationScope.Group, inbound.Scope);
    }

    [Fact]
    public async Task GroupReplyToBot_GoesToEngine()
    {
        await _bot.Handler.HandleAsync(Text("and for instagram?", chatType: "group", chatId: -100,
            extra: ""","reply_to_message":{"message_id":9,"date":1,"chat":{"id":-100,"type":"group"},"from":{"id":123,"is_bot":true,"first_name":"Bot"}}"""));

        Assert.Equal(new TextInput("and for instagram?"), Assert.Single(_bot.Inbound).Input);
    }

    [Fact]
    public async Task GroupSubscribe_AsksTelegramWhetherSenderIsAdmin()
    {
        _bot.Http.DefaultResults["getChatMember"] = """{"status":"administrator","user":{"id":5,"is_bot":false}}""";

        await _bot.Handler.HandleAsync(Text("/subscribe", chatType: "group", chatId: -100));

        Assert.True(Assert.Single(_bot.Inbound).SenderIsAdmin);
        var query = Assert.Single(_bot.Http.BodiesOf("getChatMember"));
        Assert.Equal((-100L, 5L), ((long)query["chat_id"]!, (long)query["user_id"]!));
    }

    [Fact]
    public async Task PrivateText_NoAdminLookup()
    {
        await _bot.Handler.HandleAsync(Text("/subscribe"));

        Assert.Null(Assert.Single(_bot.Inbound).SenderIsAdmin);
        Assert.Empty(_bot.Http.Calls);
    }

    [Fact]
    public async Task ButtonPress_RunsActionAndAnswersCallback()
    {
        var plan = await _bot.Handler.HandleAsync(Parse("""
            {"update_id":3,"callback_query":{"id":"cb1","from":{"id":5,"is_bot":false,"first_name":"A","language_code":"en"},
             "message":{"message_id":10,"date":1,"chat":{"id":42,"type":"private"}},"chat_instance":"x","data":"t:optout-how"}}
            """));

        Assert.Equal(new ActionInput("t:optout-how"), Assert.Single(_bot.Inbound).Input);
        Assert.Equal("cb1", Assert.IsType<AnswerCallbackCall>(plan.Calls[0]).Request.CallbackQueryId);
        Assert.IsType<SendMessageCall>(plan.Calls[1]);
    }

    [Fact]
    public async Task ButtonPress_FlowStep_EditsThePressedMessage()
    {
        _bot.NextTurn = new TurnResult(Reply.Single(new ReplyMessage("Step 2")) with { ContinuesPrevious = true }, "en", TurnOutcome.FlowStep);

        var plan = await _bot.Handler.HandleAsync(Parse("""
            {"update_id":3,"callback_query":{"id":"cb1","from":{"id":5,"is_bot":false,"first_name":"A"},
             "message":{"message_id":10,"date":1,"chat":{"id":42,"type":"private"}},"data":"s:instagram/2"}}
            """));

        var edit = Assert.IsType<EditMessageCall>(plan.Calls[1]).Request;
        Assert.Equal((42L, 10, "Step 2"), (edit.ChatId.Identifier, edit.MessageId, edit.Text));
    }

    [Fact]
    public async Task ButtonPress_EditRefused_SendsNewMessageInstead()
    {
        _bot.NextTurn = new TurnResult(Reply.Single(new ReplyMessage("Step 2")) with { ContinuesPrevious = true }, "en", TurnOutcome.FlowStep);
        _bot.Http.Enqueue("editMessageText", HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}""");
        var plan = await _bot.Handler.HandleAsync(Parse("""
            {"update_id":3,"callback_query":{"id":"cb1","from":{"id":5,"is_bot":false,"first_name":"A"},
             "message":{"message_id":10,"date":1,"chat":{"id":42,"type":"private"}},"data":"s:instagram/2"}}
            """));

        await _bot.Runner.RunAsync(plan.Calls);

        Assert.Equal(["answerCallbackQuery", "editMessageText", "sendMessage"], _bot.Http.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task EmulatorCallbackWithoutMessageId_AnswersWithNewMessage()
    {
        _bot.NextTurn = new TurnResult(Reply.Single(new ReplyMessage("Step 2")) with { ContinuesPrevious = true }, "en", TurnOutcome.FlowStep);

        var plan = await _bot.Handler.HandleAsync(Parse("""
            {"update_id":3,"callback_query":{"id":"1","from":{"id":5,"is_bot":false,"first_name":"A"},
             "message":{"chat":{"id":42,"type":"private"},"from":{"id":123,"is_bot":true,"first_name":"Bot"}},"data":"m"}}
            """));

        Assert.IsType<SendMessageCall>(plan.Calls[1]);
    }

    [Fact]
    public async Task EngineThrows_CallbackAnswered_AndThePersonGetsTheApology()
    {
        _bot.Engine.Setup(e => e.HandleAsync(Moq.It.IsAny<InboundMessage>(), Moq.It.IsAny<CancellationToken>())).Throws(new InvalidOperationException("bug"));

        var plan = await _bot.Handler.HandleAsync(Parse("""
            {"update_id":3,"callback_query":{"id":"cb1","from":{"id":5,"is_bot":false,"first_name":"A"},
             "message":{"message_id":10,"date":1,"chat":{"id":42,"type":"private"}},"data":"m"}}
            """));

        Assert.IsType<AnswerCallbackCall>(plan.Calls[0]);
        var apology = Assert.IsType<SendMessageCall>(Assert.Single(plan.Calls.Skip(1))).Request;
        Assert.Contains(OptOutBot.Testing.TestGuard.Apology, apology.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonTextMessagesAndBots_Ignored()
    {
        var sticker = Parse("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"A"}}}""");
        var fromBot = Parse("""{"update_id":2,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":9,"is_bot":true,"first_name":"B"},"text":"hi"}}""");

        Assert.Empty((await _bot.Handler.HandleAsync(sticker)).Calls);
        Assert.Empty((await _bot.Handler.HandleAsync(fromBot)).Calls);
        Assert.Empty(_bot.Inbound);
    }

    [Fact]
    public async Task ForumTopic_ReplyGoesToSameThread()
    {
        var plan = await _bot.Handler.HandleAsync(Text("/optout", chatType: "supergroup", chatId: -100, extra: ""","message_thread_id":8,"is_topic_message":true"""));

        Assert.Equal(new ChannelAddress("telegram", "-100/8"), Assert.Single(_bot.Inbound).ReplyAddress);
        Assert.Equal(8, Assert.IsType<SendMessageCall>(Assert.Single(plan.Calls)).Request.MessageThreadId);
    }
}
