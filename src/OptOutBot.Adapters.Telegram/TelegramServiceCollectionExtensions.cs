using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Telegram.Api;
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

        services.AddOptions<TelegramOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        services.AddSingleton(new AdapterStatus("telegram", true, settings.UsesWebhook ? "webhook at " + TelegramWebhookEndpoint.Path : "long polling"));

        // One long-lived client; connections are recycled so DNS changes are seen.
        services.AddSingleton(sp => new TelegramApiClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
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

    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TelegramWebhookEndpoint>() is { } webhook)
        {
            endpoints.MapPost(TelegramWebhookEndpoint.Path, (RequestDelegate)webhook.HandleAsync);
        }

        return endpoints;
    }
}
