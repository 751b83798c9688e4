using System.Net;
using Microsoft.Extensions.Time.Testing;
using OptOutBot.Adapters.Telegram.Sending;
using OptOutBot.Adapters.Telegram.Tests.Support;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing;

namespace OptOutBot.Adapters.Telegram.Tests.Sending;

public sealed class TelegramSenderTests
{
    private readonly TestBot _bot = new();
    private readonly TelegramSender _sender;

    public TelegramSenderTests() =>
        _sender = new TelegramSender(_bot.Api, _bot.Renderer);

    private static readonly Reply Reminder = Reply.Single(new ReplyMessage("**Reminder**: object before the deadline"));

    [Fact]
    public async Task Reminder_DeliveredAsHtmlToTheChat()
    {
        var result = await _sender.SendAsync(new ChannelAddress("telegram", "-100/8"), Reminder);

        Assert.Same(SendResult.Delivered, result);
        var body = Assert.Single(_bot.Http.BodiesOf("sendMessage"));
        Assert.Equal((-100L, 8L, "<b>Reminder</b>: object before the deadline"), ((long)body["chat_id"]!, (long)body["message_thread_id"]!, (string)body["text"]!));
    }

    [Fact]
    public async Task BlockedBot_RecipientGone()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.Forbidden, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");

        Assert.IsType<SendResult.RecipientGone>(await _sender.SendAsync(new ChannelAddress("telegram", "42"), Reminder));
    }

    [Fact]
    public async Task FloodControl_RetryAfterForTheDispatcher()
    {
        _bot.Http.Enqueue("sendMessage", (HttpStatusCode)429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}""");

        Assert.Equal(new SendResult.RetryAfter(TimeSpan.FromSeconds(3)), await _sender.SendAsync(new ChannelAddress("telegram", "42"), Reminder));
    }

    [Fact]
    public async Task FirstAttemptTimesOut_ReportedTransientToTheLane_AfterExactlyOneRequest()
    {
        // A send that timed out may have reached the chat: sending it again is the broadcast lane's call, not ours.
        var time = new FakeTimeProvider();
        var bot = new TestBot(time: time);
        bot.Http.Silent.Add("sendMessage");
        var sender = new TelegramSender(bot.Api, bot.Renderer);

        var send = sender.SendAsync(new ChannelAddress("telegram", "42"), Reminder).AsTask();
        for (var i = 0; i < 1000 && !send.IsCompleted; i++)
        {
            await Task.Delay(1);
            if (bot.Http.Calls.Count > 0)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(new SendResult.Failed("timed out", Transient: true), await send);
        Assert.Single(bot.Http.Calls);
        Assert.True(time.GetUtcNow() - time.Start >= new TelegramOptions().RequestTimeout, "gave up at Telegram:RequestTimeout");
    }

    [Fact]
    public async Task ServerError_OneAttempt_TransientForTheLane()
    {
        _bot.Http.Enqueue("sendMessage", HttpStatusCode.InternalServerError, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");

        Assert.Equal(new SendResult.Failed("Internal Server Error", Transient: true), await _sender.SendAsync(new ChannelAddress("telegram", "42"), Reminder));
        Assert.Single(_bot.Http.Calls);
    }

    [Theory]
    [InlineData(0, new[] { 1, 2 })]
    [InlineData(1, new[] { 1 })]
    public async Task LongReminder_AsksTheLanesPacerBeforeEachLaterPart_AndNeverWaitsByItself(int firstPart, int[] callsBeforeEachWait)
    {
        // The clock never moves: a sender that paced a chat by itself (1/s) would still be waiting for its second part.
        var time = new FakeTimeProvider();
        var bot = new TestBot(time: time);
        var sender = new TelegramSender(bot.Api, bot.Renderer);
        var longReminder = Reply.Single(new ReplyMessage(string.Join('\n', Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 3000)))));
        Assert.Equal(3, bot.Renderer.Render(longReminder).Count);
        var pacer = new RecordingPacer(() => bot.Http.BodiesOf("sendMessage").Count());

        var result = await sender.SendAsync(new ChannelAddress("telegram", "42"), longReminder, firstPart, pacer, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Same(SendResult.Delivered, result);
        Assert.Equal(3 - firstPart, bot.Http.BodiesOf("sendMessage").Count());
        Assert.Equal(callsBeforeEachWait, pacer.CallsBeforeEachWait);
    }

    [Fact]
    public async Task NotATelegramAddress_FailsPermanently()
    {
        var result = await _sender.SendAsync(new ChannelAddress("telegram", "not-a-chat"), Reminder);

        Assert.Equal(new SendResult.Failed("not a Telegram address", false), result);
        Assert.Empty(_bot.Http.Calls);
    }
}
