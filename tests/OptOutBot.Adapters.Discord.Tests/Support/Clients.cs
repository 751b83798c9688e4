using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Discord.Rest;

namespace OptOutBot.Adapters.Discord.Tests.Support;

internal static class Clients
{
    public static DiscordOptions Options(string baseUrl, Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions
        {
            ApiBaseUrl = baseUrl,
            ApplicationId = "1234567890123456789",
            BotToken = "test-token",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The client as the host builds it: the shared HTTP set-up with the rate-limit buckets inside.</summary>
    public static DiscordApiClient Api(DiscordOptions options, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<IOptions<DiscordOptions>>(Microsoft.Extensions.Options.Options.Create(options));
        services.AddDiscordRest();
        return services.BuildServiceProvider().GetRequiredService<DiscordApiClient>();
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds, e.g. until a request reached the fake.</summary>
    public static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition never became true");
        await Task.Delay(30); // let the caller reach its next timer
    }
}
