using OptOutBot.Admin.Content;
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

    /// <summary>
    /// The serving host's watch on the content folder (<c>Content:Watch</c>, on by default); one-shot verbs do not watch.
    /// The console's content edits reload through the same check, watched or not.
    /// </summary>
    public static IServiceCollection AddContentReload(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ContentReloader>();
        services.AddSingleton<IContentReload>(sp => sp.GetRequiredService<ContentReloader>());
        if (configuration.GetValue("Content:Watch", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<ContentReloader>());
        }

        return services;
    }
}
