using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// The host in polling mode against our fake Bot API scripted to misbehave: flood control, blocked users, server
/// errors and slow answers. The person still gets their answer where a retry can give it; the broadcaster learns the rest.
/// </summary>
public sealed class TelegramErrorPathTests : IAsyncLifetime
{
    private readonly ScriptedEngine _engine = new();
    private FakeBotApiServer _api = null!;
    private TelegramTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApiServer.StartAsync();
        _host = await TelegramTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = "123:TEST",
                ["Telegram:ApiBaseUrl"] = _api.BaseAddress.ToString(),
                ["Telegram:Mode"] = "polling",
                ["Telegram:PollTimeout"] = "00:00:00",
                ["Telegram:PollIdleDelay"] = "00:00:00.020",
                ["Telegram:RequestTimeout"] = "00:00:02",
            },
            _engine);
        // Warm: the first call of a fresh host (JIT, first connection) can take a second on a loaded machine, and
        // proactive sends get no second attempt.
        await _api.WaitForCallsAsync("getUpdates", 2);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static string TextUpdate(long updateId, string text, long chatId = 42) =>
        $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"date":1748300000,"chat":{"id":{{{chatId}}},"type":"private","first_name":"A"},"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"A"},"text":"{{{text}}}"}}""";

    [Fact]
    public async Task FloodControl_ReplySentAgainAfterRetryAfter()
    {
        _api.Script("sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2","parameters":{"retry_after":2}}""");

        _api.QueueUpdate(TextUpdate(10, "hello"));

        await _api.WaitForCallsAsync("sendMessage", 2);
        var attempts = _api.CallsTo("sendMessage");
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {attempts[1].At - attempts[0].At}");
        Assert.Equal((string?)attempts[0].Body["text"], (string?)attempts[1].Body["text"]);
    }

    [Fact]
    public async Task ServerErrors_RetriedUntilDelivered()
    {
        _api.Script("sendMessage", 502, "<html>Bad Gateway</html>");
        _api.Script("sendMessage", 500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");

        _api.QueueUpdate(TextUpdate(11, "hello"));

        var sent = await _api.WaitForCallsAsync("sendMessage", 3);
        Assert.All(sent, s => Assert.Equal(42, (long)s["chat_id"]!));
    }

    [Fact]
    public async Task SlowApi_TimedOutAndRetried()
    {
        _api.Script("sendMessage", 200, """{"ok":true,"result":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"}}}""", delay: TimeSpan.FromSeconds(5));

        _api.QueueUpdate(TextUpdate(12, "hello"));

        var sent = await _api.WaitForCallsAsync("sendMessage", 2);
        Assert.Equal((string?)sent[0]["text"], (string?)sent[1]["text"]);
    }

    [Fact]
    public async Task GetUpdatesFailing_PollingRecovers()
    {
        _api.Script("getUpdates", 500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");
        _api.Script("getUpdates", 500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");
        _api.Script("getUpdates", 500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");

        _api.QueueUpdate(TextUpdate(13, "hello"));

        await _api.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(20));
        Assert.Single(_engine.Received);
    }

    [Fact]
    public async Task BlockedUser_SenderReportsRecipientGone()
    {
        var sender = _host.Services.GetServices<IChannelSender>().Single(s => s.Channel == "telegram");
        _api.Script("sendMessage", 403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");

        var result = await sender.SendAsync(new ChannelAddress("telegram", "77"), Reply.Single(new ReplyMessage("Reminder")));

        Assert.Equal(new SendResult.RecipientGone("Forbidden: bot was blocked by the user"), result);
        Assert.Single(_api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task SlowApi_ReminderTimedOut_TransientForTheLane_SentOnce()
    {
        // The reminder may have reached the chat after all: whether to send it again is the broadcast lane's decision.
        var sender = _host.Services.GetServices<IChannelSender>().Single(s => s.Channel == "telegram");
        _api.Script("sendMessage", 200, """{"ok":true,"result":{"message_id":1,"date":1,"chat":{"id":79,"type":"private"}}}""", delay: TimeSpan.FromSeconds(5));

        var result = await sender.SendAsync(new ChannelAddress("telegram", "79"), Reply.Single(new ReplyMessage("Reminder")));

        Assert.Equal(new SendResult.Failed("timed out", Transient: true), result);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Single(_api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task FloodControl_SenderHandsRetryAfterToTheDispatcher()
    {
        var sender = _host.Services.GetServices<IChannelSender>().Single(s => s.Channel == "telegram");
        _api.Script("sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""");

        var result = await sender.SendAsync(new ChannelAddress("telegram", "78"), Reply.Single(new ReplyMessage("Reminder")));

        Assert.Equal(new SendResult.RetryAfter(TimeSpan.FromSeconds(7)), result);
    }
}
