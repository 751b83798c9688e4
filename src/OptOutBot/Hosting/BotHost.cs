using OptOutBot.Adapters.BotFramework;
using OptOutBot.Adapters.Discord;
using OptOutBot.Adapters.Telegram;
using OptOutBot.Adapters.Web;
using OptOutBot.Broadcasts;
using OptOutBot.Observability;

namespace OptOutBot.Hosting;

/// <summary>Composes the web host: engine, storage, every adapter, health. Registrations live beside each feature.</summary>
internal static class BotHost
{
    /// <param name="overrides">Settings that win over appsettings.json and the environment (tests, benchmarks).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var root = RepositoryRoot.Find();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
        builder.Configuration.AddUserSecrets(typeof(BotHost).Assembly, optional: true);
        builder.Configuration.AddInMemoryCollection(overrides ?? []);

        builder.Services.AddOptOutBotCore(builder.Configuration, root);
        builder.Services.AddWebAdapter(builder.Configuration);
        builder.Services.AddTelegramAdapter(builder.Configuration);
        builder.Services.AddDiscordAdapter(builder.Configuration);
        builder.Services.AddBotFrameworkAdapter(builder.Configuration);
        builder.Services.AddOptOutBotObservability(builder.Configuration);

        var app = builder.Build();
        app.MapOptOutBotObservability();
        app.MapBroadcastMetrics();
        app.MapWeb();
        app.MapTelegram();
        app.MapDiscord();
        app.MapBotFramework();
        return app;
    }
}
