using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Rendering;
using OptOutBot.Adapters.Telegram.Sending;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram;

/// <summary>Registers the Telegram adapter from configuration and maps its endpoints. Off when not configured.</summary>
public static class TelegramServiceCollectionExtensions
{
    public static IServiceCollection AddTelegramAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelegramOptions.SectionName);
        var settings = new TelegramOptions();
        section.Bind(settings);
        if (!settings.Enabled)
        {
            services.AddSingleton(new AdapterStatus("telegram", false, "set Telegram:BotToken"));
            services.AddSingleton<IPlatformRegistrar, DisabledTelegramRegistrar>();
            return services;
        }

        var renamed = TelegramOptions.Renamed
            .Where(r => section[r.Old] is not null)
            .Select(r => $"Telegram:{r.Old} was renamed Telegram:{r.New} and takes a duration (e.g. \"{r.Example}\"): rename the setting.")
            .ToList();
        services.AddOptions<TelegramOptions>().Bind(section).Configure(o => o.RenamedSettings = renamed).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        services.AddSingleton(new AdapterStatus("telegram", true, settings.UsesWebhook ? "webhook at " + TelegramWebhookEndpoint.Path : "long polling"));

        AddBotApiHttpClient(services);
        services.AddSingleton(sp => new TelegramApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(TelegramApiClient.HttpClientName),
            sp.GetRequiredService<IOptions<TelegramOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TelegramApiClient>>()));
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<TelegramRenderer>();
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton<PlannedCallRunner>();
        services.AddSingleton<TelegramRateLimiter>();
        services.AddSingleton<IChannelSender, TelegramSender>();
        services.AddSingleton<IPlatformRegistrar, TelegramRegistrar>();
        if (settings.UsesWebhook)
        {
            services.AddSingleton<TelegramReplyOutbox>();
            services.AddHostedService(sp => sp.GetRequiredService<TelegramReplyOutbox>());
            services.AddSingleton<TelegramWebhookEndpoint>();
            services.AddHostedService<TelegramWebhookSetup>();
        }
        else
        {
            services.AddHostedService<TelegramPollingService>();
        }

        return services;
    }

    /// <summary>
    /// THE Telegram HttpClient registration (the one place to plug a shared resilience set-up into). No retries or
    /// timeouts at this level: <see cref="TelegramApiClient"/> makes proactive sends single-attempt and gives interactive
    /// calls their bounded retries, all timed on <see cref="TimeProvider"/>. The client lives in a singleton, so the
    /// handler is never rotated; its pooled connections are, so DNS changes are seen.
    /// </summary>
    private static void AddBotApiHttpClient(IServiceCollection services) =>
        services.AddHttpClient(TelegramApiClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
                UseCookies = false,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The token is part of every Bot API url: no per-request logging of urls.
            .RemoveAllLoggers();

    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TelegramWebhookEndpoint>() is { } webhook)
        {
            endpoints.MapPost(TelegramWebhookEndpoint.Path, (RequestDelegate)webhook.HandleAsync);
        }

        return endpoints;
    }
}
