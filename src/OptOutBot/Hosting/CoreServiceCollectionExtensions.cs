using OptOutBot.Broadcasts;
using OptOutBot.Engine;
using OptOutBot.Storage;

namespace OptOutBot.Hosting;

/// <summary>Engine, storage and host-wide services.</summary>
internal static class CoreServiceCollectionExtensions
{
    private const string ContentOptionsWatchKey = "Content:Watch";

    public static IServiceCollection AddOptOutBotCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptOutBotStorage(configuration, contentRoot);
        services.AddOptOutBotEngine(configuration, contentRoot);
        services.AddOptOutBotBroadcasts(configuration);
        services.AddHostedService<StartupReport>();
        if (configuration.GetValue(ContentOptionsWatchKey, true))
        {
            services.AddSingleton<ContentReloader>();
            services.AddHostedService(sp => sp.GetRequiredService<ContentReloader>());
        }
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        return endpoints;
    }
}
