using OptOutBot.Adapters.BotFramework;
using OptOutBot.Adapters.Discord;
using OptOutBot.Adapters.Telegram;
using OptOutBot.Adapters.Web;
using OptOutBot.Admin;
using OptOutBot.Broadcasts;
using OptOutBot.Observability;

namespace OptOutBot.Hosting;

/// <summary>Composes the web host: engine, storage, every adapter, health. Registrations live beside each feature.</summary>
internal static class BotHost
{
    /// <summary>
    /// The ceiling for routes without a limit of their own; larger bodies get 413. Well above every endpoint's own limit
    /// (Telegram's 1 MiB is the largest), so a body an endpoint refuses can still be drained and its connection reused.
    /// </summary>
    public const long MaxRequestBodyBytes = 4 << 20;

    /// <param name="overrides">Settings that win over every other source (tests, benchmarks).</param>
    /// <param name="forVerb">True for the one-shot verbs (broadcast, register): their logs go to stderr, warnings and above,
    /// so that stdout carries only the verb's own output.</param>
    public static WebApplication Build(
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        bool forVerb = false,
        string? userSecretsFile = null)
    {
        var root = RepositoryRoot.Find();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
        // Every endpoint sets its own, smaller limit; this bounds whatever does not (the console's forms, a future route).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        BotConfiguration.Apply(builder.Configuration, root, BotConfiguration.CommandLine, overrides, userSecretsFile);
        if (forVerb)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddOptOutBotCore(builder.Configuration, root);
        if (!forVerb)
        {
            builder.Services.AddContentReload(builder.Configuration);
        }
        builder.Services.AddWebAdapter(builder.Configuration);
        builder.Services.AddTelegramAdapter(builder.Configuration);
        builder.Services.AddDiscordAdapter(builder.Configuration);
        builder.Services.AddBotFrameworkAdapter(builder.Configuration);
        builder.Services.AddAdminConsole(builder.Configuration);
        builder.Services.AddOptOutBotObservability(builder.Configuration);

        var app = builder.Build();
        app.MapOptOutBotObservability();
        app.MapBroadcastMetrics();
        app.MapWeb();
        app.MapTelegram();
        app.MapDiscord();
        app.MapBotFramework();
        app.MapAdminConsole();
        return app;
    }
}
