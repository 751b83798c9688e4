using System.CommandLine;
using OptOutBot.Engine.Ports;
using OptOutBot.Hosting;

namespace OptOutBot.Cli;

/// <summary><c>optoutbot register &lt;platform&gt;</c>: sets up command menus and webhooks through each adapter's registrar.</summary>
internal static class RegisterCommand
{
    public static Command Create()
    {
        var platform = new Argument<string>("platform") { Description = "telegram or discord" };
        var guild = new Option<string?>("--guild") { Description = "Discord: register the commands in this server only (instant), instead of globally." };
        var command = new Command("register", "Register command menus (and the Telegram webhook) with a platform.") { platform, guild };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = BotHost.Build(forVerb: true);
            var registrars = app.Services.GetServices<IPlatformRegistrar>().ToList();
            var name = parse.GetValue(platform)!.ToLowerInvariant();
            var registrar = registrars.FirstOrDefault(r => r.Platform == name);
            if (registrar is null)
            {
                var statuses = app.Services.GetServices<AdapterStatus>().Where(s => s.Channel == name).Select(s => s.Detail);
                Console.Error.WriteLine($"No registrar for '{name}'. Available: {(registrars.Count == 0 ? "none" : string.Join(", ", registrars.Select(r => r.Platform)))}. {string.Join(" ", statuses)}");
                return 2;
            }

            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            if (parse.GetValue(guild) is { } g)
            {
                options["guild"] = g;
            }

            return await registrar.RegisterAsync(options, Console.Out, ct).ConfigureAwait(false);
        });
        return command;
    }
}
