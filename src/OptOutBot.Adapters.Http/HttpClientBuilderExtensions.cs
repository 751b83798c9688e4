using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OptOutBot.Adapters.Http;

/// <summary>
/// The one HttpClient set-up of every platform adapter. An adapter registers its client once and injects it where
/// it calls the platform:
/// <code>
/// services.AddPlatformHttpClient("discord", sp => new HttpResilienceSettings { AttemptTimeout = o.RequestTimeout, … })
///     .AddHttpMessageHandler&lt;MyRateLimitHandler&gt;(); // optional: runs once per attempt, inside the retries
/// var http = factory.CreateClient("discord"); // once, in a singleton's constructor
/// </code>
/// Interactive calls (replies, follow-ups, registration, token fetches) use an ordinary <see cref="HttpRequestMessage"/>
/// and get the retries; proactive sends use <see cref="HttpAttempts.SingleAttempt"/> (or a second client with
/// <c>MaxRetries = 0</c>), make one attempt, and map the answer to a <c>SendResult</c> — a 429 carries
/// <see cref="HttpAttempts.RetryAfter"/>. Transport failures and timeouts surface as <see cref="HttpRequestException"/>
/// (<see cref="HttpAttempts.IsTimeout"/>), never as a Polly type.
/// </summary>
public static class HttpClientBuilderExtensions
{
    /// <summary>
    /// A named client with pooled connections recycled every 5 minutes (safe to keep in a singleton), no redirects,
    /// cookies or per-request logging (paths can hold tokens), and <see cref="AddPlatformResilience"/>.
    /// </summary>
    public static IHttpClientBuilder AddPlatformHttpClient(this IServiceCollection services, string name, Func<IServiceProvider, HttpResilienceSettings> settings, string userAgent = "OptOutBot/1.0")
    {
        var builder = services.AddHttpClient(name, http => http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent))
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                MaxConnectionsPerServer = 256,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                AllowAutoRedirect = false,
                UseCookies = false,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return builder.AddPlatformResilience(settings);
    }

    /// <summary>
    /// Adds the attempt timeout and the interactive retries (see <see cref="HttpResilienceSettings"/>) to a client.
    /// Handlers added after this one run once per attempt. Sets <see cref="HttpClient.Timeout"/> to infinite: the attempt timeout rules.
    /// </summary>
    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder builder, Func<IServiceProvider, HttpResilienceSettings> settings)
    {
        var name = builder.Name;
        builder.ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan);
        return builder.AddHttpMessageHandler(sp => new ResilientHttpHandler(
            name,
            settings(sp),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("OptOutBot.Adapters.Http." + name)));
    }
}
