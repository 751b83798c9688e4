using OptOutBot.Broadcasts;
using OptOutBot.Engine;
using OptOutBot.Storage;

namespace OptOutBot.Hosting;

/// <summary>Engine, storage and host-wide services.</summary>
internal static class CoreServiceCollectionExtensions
{

    public static IServiceCollection AddOptOutBotCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptOutBotStorage(configuration, contentRoot);
        services.AddOptOutBotEngine(configuration, contentRoot);
        services.AddOptOutBotBroadcasts(configuration);
        services.AddHostedService<StartupReport>();
        return services;
    }

    /// <summary>The serving host's watch on the content folder (<c>Content:Watch</c>, on by default); one-shot verbs do not watch.</summary>
    public static IServiceCollection AddContentReload(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue("Content:Watch", true))
        {
            services.AddSingleton<ContentReloader>();
            services.AddHostedService(sp => sp.GetRequiredService<ContentReloader>());
        }

        return services;
    }
}
