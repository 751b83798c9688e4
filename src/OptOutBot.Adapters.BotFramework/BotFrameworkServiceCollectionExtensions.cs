using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>Registers the BotFramework adapter from configuration and maps its endpoints. Off when not configured.</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    public static IServiceCollection AddBotFrameworkAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        // Placeholder until the adapter lands: reports itself off.
        services.AddSingleton(new AdapterStatus("botframework", false, "not implemented yet"));
        return services;
    }

    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder endpoints) => endpoints;
}
