using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Tests.Support;

namespace OptOutBot.Adapters.Telegram.Tests.Intake;

public sealed class TelegramPollingServiceTests
{
    [Fact]
    public async Task Poll_ConfirmsSeenUpdatesWithOffset_AndAnswersEach()
    {
        var bot = new TestBot(new TelegramOptions { BotToken = "123:TEST", BotUsername = "OptOutTestBot", PollTimeout = TimeSpan.Zero, PollIdleDelay = TimeSpan.FromMilliseconds(10) });
        bot.Http.Enqueue("getUpdates", HttpStatusCode.OK, """
            {"ok":true,"result":[
             {"update_id":6,"message":{"message_id":2,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":"second"}},
             {"update_id":5,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":"first"}}]}
            """);
        var service = new TelegramPollingService(bot.Api, bot.Handler, bot.Runner, bot.UpdateLog.Object, bot.Options, TimeProvider.System, NullLogger<TelegramPollingService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => bot.Http.BodiesOf("getUpdates").Count() >= 2);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal("deleteWebhook", bot.Http.Calls[0].Method);
        var polls = bot.Http.BodiesOf("getUpdates").ToList();
        Assert.False(polls[0].ContainsKey("offset"));
        Assert.Equal(7, (long)polls[1]["offset"]!);
        Assert.Equal(["first", "second"], bot.Inbound.Select(m => ((OptOutBot.Engine.Conversations.TextInput)m.Input).Text));
        Assert.Equal(2, bot.Http.BodiesOf("sendMessage").Count());
    }

    [Fact]
    public async Task PollRefused_BacksOffAndKeepsPolling()
    {
        var bot = new TestBot(new TelegramOptions { BotToken = "123:TEST", PollTimeout = TimeSpan.Zero, ConfigureWebhookOnStart = false });
        bot.Http.Enqueue("getUpdates", HttpStatusCode.Conflict, """{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"}""");
        var service = new TelegramPollingService(bot.Api, bot.Handler, bot.Runner, bot.UpdateLog.Object, bot.Options, TimeProvider.System, NullLogger<TelegramPollingService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => bot.Http.BodiesOf("getUpdates").Count() >= 2, TimeSpan.FromSeconds(10));
        await service.StopAsync(CancellationToken.None);

        Assert.DoesNotContain(bot.Http.Calls, c => c.Method == "deleteWebhook");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
