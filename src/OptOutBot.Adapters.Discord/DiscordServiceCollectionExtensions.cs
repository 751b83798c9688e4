using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord;

/// <summary>Registers the Discord adapter from configuration and maps its endpoints. Off when not configured.</summary>
public static class DiscordServiceCollectionExtensions
{
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        // Placeholder until the adapter lands: reports itself off.
        services.AddSingleton(new AdapterStatus("discord", false, "not implemented yet"));
        return services;
    }

    public static IEndpointRouteBuilder MapDiscord(this IEndpointRouteBuilder endpoints) => endpoints;
}
