using System.Net;
using Microsoft.Extensions.Time.Testing;
using global::Telegram.Bot.Requests;
using OptOutBot.Adapters.Telegram.Api;
using OptOutBot.Adapters.Telegram.Tests.Support;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram.Tests.Api;

public sealed class TelegramApiClientTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly TestBot _bot;

    public TelegramApiClientTests() => _bot = new TestBot(time: _time);

    private static SendMessageRequest Hello(long chatId = 42, string text = "hi") => new() { ChatId = chatId, Text = text };

    private const string FloodOneSecond = """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}""";

    [Fact]
    public async Task Ok_ReturnsTypedResult_AndPostsJsonToTheMethodUrl()
    {
        var sent = await _bot.Api.CallAsync(Hello());

        Assert.True(sent.Ok);
        Assert.Equal(77, sent.Value!.Id);
        var (method, body) = Assert.Single(_bot.Http.Calls);
        Assert.Equal("sendMessage", method);
        Assert.Equal((42L, "hi"), ((long)body["chat_id"]!, (string)body["text"]!));
        Assert.False(body.ContainsKey("method"));
        Assert.False(body.ContainsKey("reply_markup"));
    }

    [Fact]
    public async Task RequestBody_KeepsAccentsAndTagsUnescaped()
    {
        await _bot.Api.SendOnceAsync(Hello(text: "<b>Réglages</b> & confidentialité"));

        Assert.Contains("\"text\":\"<b>Réglages</b> & confidentialité\"", Assert.Single(_bot.Http.RawBodies), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Blocked_403_IsRecipientGone_NotRetried(bool interactive)
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.Forbidden, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");

        var sent = interactive ? await _bot.Api.CallAsync(Hello()) : await _bot.Api.SendOnceAsync(Hello());

        Assert.Equal(ApiErrorKind.RecipientGone, sent.Error!.Kind);
        Assert.Equal(new SendResult.RecipientGone("Forbidden: bot was blocked by the user"), sent.Error.ToSendResult());
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task ChatNotFound_400_IsRecipientGone()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}""");

        Assert.Equal(ApiErrorKind.RecipientGone, (await _bot.Api.SendOnceAsync(Hello())).Error!.Kind);
    }

    [Fact]
    public async Task BadMarkup_400_IsRejected()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities"}""");

        var sent = await _bot.Api.CallAsync(Hello());

        Assert.Equal(ApiErrorKind.Rejected, sent.Error!.Kind);
        Assert.Equal(new SendResult.Failed("Bad Request: can't parse entities", false), sent.Error.ToSendResult());
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task FloodControl_Interactive_WaitsRetryAfterOnTheTimeProvider()
    {
        _bot.Http.Enqueue("sendMessage", (HttpStatusCode)429, FloodOneSecond);
        var start = _time.GetUtcNow();

        var call = _bot.Api.CallAsync(Hello());
        await AdvanceUntilDoneAsync(call);

        Assert.True((await call).Ok);
        Assert.Equal(2, _bot.Http.Calls.Count);
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(1), "waited retry_after (on the fake clock) before calling again");
    }

    [Fact]
    public async Task FloodControl_SendOnce_ReturnedAtOnce()
    {
        _bot.Http.Enqueue("sendMessage", (HttpStatusCode)429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}""");

        var sent = await _bot.Api.SendOnceAsync(Hello());

        Assert.Equal(new SendResult.RetryAfter(TimeSpan.FromSeconds(35)), sent.Error!.ToSendResult());
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task FloodControl_LongerThanAllowedWait_ReturnedNotWaited()
    {
        _bot.Http.Enqueue("sendMessage", (HttpStatusCode)429, """{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":600}}""");

        var sent = await _bot.Api.CallAsync(Hello());

        Assert.Equal(TimeSpan.FromSeconds(600), sent.Error!.RetryAfter);
        Assert.Single(_bot.Http.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GroupMigrated_ResentToSupergroup(bool interactive)
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}}""");

        var sent = interactive ? await _bot.Api.CallAsync(Hello(-42)) : await _bot.Api.SendOnceAsync(Hello(-42));

        Assert.True(sent.Ok);
        Assert.Equal(-1001234, sent.MigratedToChatId);
        Assert.Equal([-42L, -1001234L], _bot.Http.BodiesOf("sendMessage").Select(b => (long)b["chat_id"]!));
    }

    [Fact]
    public async Task ServerError_Interactive_RetriedWithBackoff()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadGateway, "<html>bad gateway</html>");
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.InternalServerError, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");

        var call = _bot.Api.CallAsync(Hello());
        await AdvanceUntilDoneAsync(call);

        Assert.True((await call).Ok);
        Assert.Equal(3, _bot.Http.Calls.Count);
    }

    [Fact]
    public async Task ServerErrorEveryTime_TransientFailureAfterMaxAttempts()
    {
        for (var i = 0; i < 3; i++)
        {
            _bot.Http.Enqueue("setMyCommands", HttpStatusCode.InternalServerError, """{"message":"internal error"}""");
        }

        var call = _bot.Api.CallAsync(new SetMyCommandsRequest { Commands = [] });
        await AdvanceUntilDoneAsync(call);

        var set = await call;
        Assert.Equal((ApiErrorKind.Transient, 500), (set.Error!.Kind, set.Error.Code));
        Assert.Equal(3, _bot.Http.Calls.Count);
    }

    [Fact]
    public async Task ServerError_SendOnce_OneAttemptReportedTransient()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.BadGateway, "<html>bad gateway</html>");

        var sent = await _bot.Api.SendOnceAsync(Hello());

        Assert.Equal(new SendResult.Failed("HTTP 502", Transient: true), sent.Error!.ToSendResult());
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task NoAnswerWithinRequestTimeout_SendOnce_TimedOutAfterOneRequest()
    {
        _bot.Http.Silent.Add("sendMessage");

        var send = _bot.Api.SendOnceAsync(Hello());
        await AdvanceUntilDoneAsync(send);

        Assert.Equal(new ApiError(ApiErrorKind.Transient, 0, "timed out"), (await send).Error);
        Assert.Single(_bot.Http.Calls);
    }

    [Fact]
    public async Task CallerCancels_Cancelled_NotReportedAsAFailure()
    {
        _bot.Http.Silent.Add("getMe");
        using var cancel = new CancellationTokenSource();

        var call = _bot.Api.CallAsync(new GetMeRequest(), cancel.Token);
        await WaitForCallsAsync(1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    /// <summary>Moves the fake clock in small steps until the call is done (each step lets the awaited continuations run).</summary>
    private async Task AdvanceUntilDoneAsync(Task call)
    {
        for (var i = 0; i < 1000 && !call.IsCompleted; i++)
        {
            await WaitForCallsAsync(1);
            await Task.Delay(1);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(call.IsCompleted, "the call never finished");
    }

    private async Task WaitForCallsAsync(int count)
    {
        for (var i = 0; i < 500 && _bot.Http.Calls.Count < count; i++)
        {
            await Task.Delay(2);
        }
    }
}
