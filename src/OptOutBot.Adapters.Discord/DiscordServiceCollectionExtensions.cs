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
using OptOutBot.Adapters.Http;
using OptOutBot.Engine.Configuration;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord;

/// <summary>Registers the Discord adapter from configuration and maps its endpoints. Off when not configured.</summary>
public static class DiscordServiceCollectionExtensions
{
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DiscordOptions.SectionName);
        services.AddOptions<DiscordOptions>().Bind(section).RefuseRenamed(section, DiscordOptions.Renamed).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The REST side serves `register discord` and reminders even when interactions are off.
        services.AddHostedService<RenderCacheReset>();
        services.AddDiscordRest();
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

    /// <summary>
    /// Discord's REST client: the shared platform set-up (timeouts, interactive retries honouring retry_after) with the
    /// rate-limit buckets inside it, once per attempt. Registration, follow-ups and reminders all go through it.
    /// </summary>
    internal static IServiceCollection AddDiscordRest(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RateLimitBuckets>();
        services.AddPlatformHttpClient(DiscordApiClient.HttpClientName, static sp => sp.GetRequiredService<IOptions<DiscordOptions>>().Value.Http, "DiscordBot (https://github.com/optoutbot/optoutbot, 1.0)")
            .AddHttpMessageHandler(static sp => new DiscordRateLimitHandler(sp.GetRequiredService<RateLimitBuckets>(), sp.GetRequiredService<ILogger<DiscordRateLimitHandler>>()));
        services.TryAddSingleton<DiscordApiClient>();
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
