using System.Diagnostics;
using System.Net;
using OptOutBot.Adapters.Telegram.Api;
using OptOutBot.Adapters.Telegram.Tests.Support;
using OptOutBot.Adapters.Telegram.Wire;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram.Tests.Api;

public sealed class TelegramApiClientTests
{
    private readonly TestBot _bot = new();

    private static SendMessageRequest Hello(long chatId = 42) => new() { ChatId = chatId, Text = "hi" };

    [Fact]
    public async Task Ok_ReturnsTypedResult_AndPostsJsonToTheMethodUrl()
    {
        var sent = await _bot.Api.SendAsync(Hello());

        Assert.True(sent.Ok);
        Assert.Equal(77, sent.Value!.MessageId);
        var (method, body) = Assert.Single(_bot.Http.Calls);
        Assert.Equal("sendMessage", method);
        Assert.Equal((42L, "hi"), ((long)body["chat_id"]!, (string)body["text"]!));
        Assert.False(body.ContainsKey("method"));
        Assert.False(body.ContainsKey("reply_markup"));
    }

    [Fact]
    public async Task Blocked_403_IsRecipientGone_NotRetried()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.Forbidden, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");

        var sent = await _bot.Api.SendAsync(Hello());

        Assert.Equal(ApiErrorKind.RecipientGone, sent.Error!.Kind);
        Assert.IsType<SendResult.RecipientGone>(sent.Error.ToSendResult());
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task ChatNotFound_400_IsRecipientGone()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}""");

        Assert.Equal(ApiErrorKind.RecipientGone, (await _bot.Api.SendAsync(Hello())).Error!.Kind);
    }

    [Fact]
    public async Task BadMarkup_400_IsRejected()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities"}""");

        var sent = await _bot.Api.SendAsync(Hello());

        Assert.Equal(ApiErrorKind.Rejected, sent.Error!.Kind);
        Assert.Equal(new SendResult.Failed("Bad Request: can't parse entities", false), sent.Error.ToSendResult());
    }

    [Fact]
    public async Task FloodControl_WaitsRetryAfterThenSucceeds()
    {
        _bot.Http.Enqueue("sendMessage", (HttpStatusCode)429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}""");
        var clock = Stopwatch.StartNew();

        var sent = await _bot.Api.SendAsync(Hello());

        Assert.True(sent.Ok);
        Assert.Equal(2, _bot.Http.Calls.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), "waited retry_after before calling again");
    }

    [Fact]
    public async Task FloodControl_ForProactiveSend_ReturnedAtOnce()
    {
        _bot.Http.Enqueue("sendMessage", (HttpStatusCode)429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}""");

        var sent = await _bot.Api.SendAsync(Hello(), waitOnFloodControl: false);

        Assert.Equal(new SendResult.RetryAfter(TimeSpan.FromSeconds(35)), sent.Error!.ToSendResult());
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task FloodControl_LongerThanAllowedWait_ReturnedNotWaited()
    {
        _bot.Http.Enqueue("sendMessage", (HttpStatusCode)429, """{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":600}}""");

        var sent = await _bot.Api.SendAsync(Hello());

        Assert.Equal(TimeSpan.FromSeconds(600), sent.Error!.RetryAfter);
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task GroupMigrated_ResentToSupergroup()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}}""");

        var sent = await _bot.Api.SendAsync(Hello(-42));

        Assert.True(sent.Ok);
        Assert.Equal(-1001234, sent.MigratedToChatId);
        Assert.Equal([-42L, -1001234L], _bot.Http.BodiesOf("sendMessage").Select(b => (long)b["chat_id"]!));
    }

    [Fact]
    public async Task ServerError_RetriedWithBackoff()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadGateway, "<html>bad gateway</html>");
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.InternalServerError, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");

        var sent = await _bot.Api.SendAsync(Hello());

        Assert.True(sent.Ok);
        Assert.Equal(3, _bot.Http.Calls.Count);
    }

    [Fact]
    public async Task ServerErrorEveryTime_TransientFailureAfterMaxAttempts()
    {
        for (var i = 0; i < 3; i++)
        {
            // telegram-test-api's answer to a method it does not implement: not the Bot API envelope.
            _bot.Http.Enqueue("setMyCommands", HttpStatusCode.InternalServerError, """{"message":"API method 'setMyCommands' is not supported"}""");
        }

        var set = await _bot.Api.SendAsync(new SetMyCommandsRequest());

        Assert.Equal((ApiErrorKind.Transient, 500), (set.Error!.Kind, set.Error.Code));
        Assert.Equal(3, _bot.Http.Calls.Count);
    }

    [Fact]
    public async Task NullResults_FromEmulators_AreAccepted()
    {
        _bot.Http.Enqueue("answerCallbackQuery", HttpStatusCode.OK, """{"ok":true,"result":null}""");
        _bot.Http.Enqueue("editMessageText", HttpStatusCode.OK, """{"ok":true,"result":null}""");

        Assert.True((await _bot.Api.SendAsync(new AnswerCallbackQueryRequest { CallbackQueryId = "1" })).Ok);
        Assert.True((await _bot.Api.SendAsync(new EditMessageTextRequest { ChatId = 1, MessageId = 1, Text = "x" })).Ok);
    }
}
