using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Http;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Rendering;
using OptOutBot.Adapters.Telegram.Sending;
using OptOutBot.Engine.Configuration;
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

        services.AddOptions<TelegramOptions>().Bind(section).RefuseRenamed(section, TelegramOptions.Renamed).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        services.AddSingleton(new AdapterStatus("telegram", true, settings.UsesWebhook ? "webhook at " + TelegramWebhookEndpoint.Path : "long polling"));

        services.AddBotApiHttpClients();
        services.AddSingleton<TelegramApiClient>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<TelegramRenderer>();
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton<PlannedCallRunner>();
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
    /// The adapter's HttpClients, all from the shared platform set-up (attempt timeout Telegram:RequestTimeout, waits on
    /// TimeProvider). Telegram.Bot builds its own requests, so a request cannot say it is single-attempt: instead one
    /// client per way of calling — interactive (retries: Telegram:MaxRetries, Telegram:RetryBaseDelay,
    /// Telegram:MaxRateLimitWait, the wait read from the body's parameters.retry_after), proactive (one attempt, the
    /// broadcast lane decides about another) and the long poll (one attempt, with Telegram:PollTimeout on top).
    /// </summary>
    internal static IServiceCollection AddBotApiHttpClients(this IServiceCollection services)
    {
        services.AddPlatformHttpClient(TelegramApiClient.HttpClientName, static sp => Settings(sp).Http(interactive: true));
        services.AddPlatformHttpClient(TelegramApiClient.ProactiveHttpClientName, static sp => Settings(sp).Http(interactive: false));
        services.AddPlatformHttpClient(TelegramApiClient.PollingHttpClientName, static sp =>
        {
            var settings = Settings(sp);
            return settings.Http(interactive: false, settings.PollTimeout + settings.RequestTimeout);
        });
        return services;
    }

    private static TelegramOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<TelegramOptions>>().Value;

    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TelegramWebhookEndpoint>() is { } webhook)
        {
            endpoints.MapPost(TelegramWebhookEndpoint.Path, (RequestDelegate)webhook.HandleAsync);
        }

        return endpoints;
    }
}
