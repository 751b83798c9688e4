using OptOutBot.Adapters.BotFramework;
using OptOutBot.Adapters.Discord;
using OptOutBot.Adapters.Telegram;
using OptOutBot.Adapters.Web;

namespace OptOutBot.Hosting;

/// <summary>Composes the web host: engine, storage, every adapter, health. Registrations live beside each feature.</summary>
internal static class BotHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = RepositoryRoot.Find() });
        builder.Configuration.AddUserSecrets(typeof(BotHost).Assembly, optional: true);

        builder.Services.AddOptOutBotCore(builder.Configuration);
        builder.Services.AddWebAdapter(builder.Configuration);
        builder.Services.AddTelegramAdapter(builder.Configuration);
        builder.Services.AddDiscordAdapter(builder.Configuration);
        builder.Services.AddBotFrameworkAdapter(builder.Configuration);

        var app = builder.Build();
        app.MapHealth();
        app.MapWeb();
        app.MapTelegram();
        app.MapDiscord();
        app.MapBotFramework();
        return app;
    }
}
