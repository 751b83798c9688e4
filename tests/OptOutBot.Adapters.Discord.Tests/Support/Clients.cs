using Microsoft.Extensions.Logging.Abstractions;
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
            RetryBaseDelayMilliseconds = 10,
            RequestTimeoutSeconds = 5,
        };
        configure?.Invoke(options);
        return options;
    }

    public static DiscordApiClient Api(DiscordOptions options, TimeProvider? time = null) =>
        new(new HttpClient(), new RateLimitBuckets(time ?? TimeProvider.System), Microsoft.Extensions.Options.Options.Create(options), time ?? TimeProvider.System, NullLogger<DiscordApiClient>.Instance);
}
