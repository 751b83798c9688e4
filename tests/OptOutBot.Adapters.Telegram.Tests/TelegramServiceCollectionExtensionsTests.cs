using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram.Tests;

public sealed class TelegramServiceCollectionExtensionsTests
{
    private static IServiceCollection Add(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        return new ServiceCollection().AddTelegramAdapter(configuration);
    }

    private static AdapterStatus Status(IServiceCollection services) =>
        (AdapterStatus)services.Single(d => d.ServiceType == typeof(AdapterStatus)).ImplementationInstance!;

    [Fact]
    public void NoToken_OffAndSaysWhichSetting()
    {
        var services = Add();

        Assert.Equal(new AdapterStatus("telegram", false, "set Telegram:BotToken"), Status(services));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IChannelSender));
    }

    [Fact]
    public void TokenOnly_LongPolling()
    {
        var services = Add(("Telegram:BotToken", "123:ABC"));

        Assert.Equal(new AdapterStatus("telegram", true, "long polling"), Status(services));
        Assert.Contains(services, d => d.ServiceType == typeof(IChannelSender));
        Assert.Contains(services, d => d.ServiceType == typeof(IPlatformRegistrar));
    }

    [Fact]
    public void PublicUrl_Webhook()
    {
        var services = Add(("Telegram:BotToken", "123:ABC"), ("Telegram:PublicUrl", "https://bot.example.org"));

        Assert.Equal(new AdapterStatus("telegram", true, "webhook at /telegram/webhook"), Status(services));
    }
}
