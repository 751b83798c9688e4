using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Web;

/// <summary>Registers the Web adapter from configuration and maps its endpoints. Off when not configured.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddWebAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        // Placeholder until the adapter lands: reports itself off.
        services.AddSingleton(new AdapterStatus("web", false, "not implemented yet"));
        return services;
    }

    public static IEndpointRouteBuilder MapWeb(this IEndpointRouteBuilder endpoints) => endpoints;
}
