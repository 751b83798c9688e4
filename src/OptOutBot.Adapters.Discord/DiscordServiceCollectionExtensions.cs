using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Discord.Interactions;
using OptOutBot.Adapters.Discord.Rest;
using OptOutBot.Adapters.Discord.Security;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord;

/// <summary>Registers the Discord adapter from configuration and maps its endpoints. Off when not configured.</summary>
public static class DiscordServiceCollectionExtensions
{
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DiscordOptions.SectionName);
        services.AddOptions<DiscordOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The REST side serves `register discord` and reminders even when interactions are off.
        services.TryAddSingleton<RateLimitBuckets>();
        services.AddHostedService<RenderCacheReset>();
        services.AddHttpClient<DiscordApiClient>(http =>
        {
            http.Timeout = Timeout.InfiniteTimeSpan; // per-attempt timeouts are the client's own
            http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://github.com/optoutbot/optoutbot, 1.0)");
        })
            // The client lives in singletons (handler, sender, registrar): recycle connections, not the handler.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<IPlatformRegistrar, DiscordRegistrar>();

        var enabled = !string.IsNullOrWhiteSpace(section[nameof(DiscordOptions.PublicKey)]);
        if (!string.IsNullOrWhiteSpace(section[nameof(DiscordOptions.BotToken)]))
        {
            services.AddSingleton<IChannelSender, DiscordSender>();
        }

        if (!enabled)
        {
            services.AddSingleton(new AdapterStatus(InteractionHandler.Channel, false,
                "set Discord:PublicKey (and Discord:ApplicationId, Discord:BotToken to register commands and send reminders)"));
            return services;
        }

        services.AddSingleton(new AdapterStatus(InteractionHandler.Channel, true, "interactions endpoint " + DiscordEndpoint.Path));
        services.TryAddSingleton<InteractionSignature>();
        services.TryAddSingleton<InteractionHandler>();
        services.TryAddSingleton<DiscordEndpoint>();
        return services;
    }

    public static IEndpointRouteBuilder MapDiscord(this IEndpointRouteBuilder endpoints)
    {
        var endpoint = endpoints.ServiceProvider.GetService<DiscordEndpoint>();
        if (endpoint is null)
        {
            return endpoints;
        }

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DiscordEndpoint));
        Log.Started(logger);
        endpoints.MapPost(DiscordEndpoint.Path, (RequestDelegate)endpoint.HandleAsync);
        return endpoints;
    }
}
