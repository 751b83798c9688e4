using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>One fake Microsoft cloud and one bot configured against it, shared by a test class.</summary>
public sealed class BotFrameworkFixture : IAsyncLifetime
{
    internal FakeBotFrameworkCloud Cloud { get; private set; } = null!;

    internal RunningBot Bot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cloud = await FakeBotFrameworkCloud.StartAsync();
        Bot = await RunningBot.StartAsync(Cloud.BotSettings());
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}
