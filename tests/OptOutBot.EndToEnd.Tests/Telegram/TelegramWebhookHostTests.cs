using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>The real host in webhook mode (secret <c>s3cret</c>) against a fake Bot API: the set-up of the tests that drive it.</summary>
public abstract class TelegramWebhookHostTests : IAsyncLifetime
{
    private protected FakeBotApiServer Api { get; private set; } = null!;

    private protected RunningBot Bot { get; private set; } = null!;

    private protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await FakeBotApiServer.StartAsync();
        Bot = await RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123:TEST",
            ["Telegram:ApiBaseUrl"] = Api.BaseAddress.ToString(),
            ["Telegram:Mode"] = "webhook",
            ["Telegram:WebhookSecret"] = "s3cret",
        });
        Http = Bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Bot.DisposeAsync();
        await Api.DisposeAsync();
    }
}
