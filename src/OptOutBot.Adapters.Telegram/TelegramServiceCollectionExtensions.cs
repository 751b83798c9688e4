using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram;

/// <summary>Registers the Telegram adapter from configuration and maps its endpoints. Off when not configured.</summary>
public static class TelegramServiceCollectionExtensions
{
    public static IServiceCollection AddTelegramAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        // Placeholder until the adapter lands: reports itself off.
        services.AddSingleton(new AdapterStatus("telegram", false, "not implemented yet"));
        return services;
    }

    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder endpoints) => endpoints;
}
