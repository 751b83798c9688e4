using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OptOutBot.Adapters.Telegram.Sending;
using OptOutBot.Adapters.Telegram.Tests.Support;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Tests.Sending;

public sealed class TelegramSenderTests
{
    private readonly TestBot _bot = new();
    private readonly TelegramSender _sender;

    public TelegramSenderTests() =>
        _sender = new TelegramSender(_bot.Api, _bot.Renderer, new TelegramRateLimiter(TimeProvider.System), TimeProvider.System, NullLogger<TelegramSender>.Instance);

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
    public async Task NotATelegramAddress_FailsPermanently()
    {
        var result = await _sender.SendAsync(new ChannelAddress("telegram", "not-a-chat"), Reminder);

        Assert.Equal(new SendResult.Failed("not a Telegram address", false), result);
        Assert.Empty(_bot.Http.Calls);
    }
}
