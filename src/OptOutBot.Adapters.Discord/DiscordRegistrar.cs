using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Discord.Interactions;
using OptOutBot.Adapters.Discord.Rest;
using OptOutBot.Adapters.Discord.Rest.Requests;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord;

/// <summary>
/// <c>optoutbot register discord [--guild ID]</c>: replaces the application's slash commands with the engine's list,
/// globally (propagates to every server) or in one server (instant, for testing).
/// </summary>
internal sealed class DiscordRegistrar(IContentCatalog catalog, DiscordApiClient api, IOptions<DiscordOptions> options) : IPlatformRegistrar
{
    public string Platform => "discord";

    public async Task<int> RegisterAsync(IReadOnlyDictionary<string, string> arguments, TextWriter output, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.ApplicationId) || string.IsNullOrWhiteSpace(o.BotToken))
        {
            await output.WriteLineAsync("Set Discord:ApplicationId and Discord:BotToken (Discord Developer Portal → your application) first.").ConfigureAwait(false);
            return 2;
        }

        var guild = arguments.GetValueOrDefault("guild");
        if (guild is not null && (guild.Length == 0 || !guild.All(char.IsAsciiDigit)))
        {
            await output.WriteLineAsync("--guild takes the numeric server id (Developer Mode → right-click the server → Copy Server ID).").ConfigureAwait(false);
            return 2;
        }

        var commands = DiscordCommands.Build(catalog);
        var result = await api.SendAsync(new BulkOverwriteCommands(o.ApplicationId, guild, commands), cancellationToken).ConfigureAwait(false);
        if (!result.IsOk)
        {
            await output.WriteLineAsync($"Could not register the commands: {result.Reason}.").ConfigureAwait(false);
            return 1;
        }

        var names = string.Join(", ", commands.Select(c => "/" + c.Name));
        await output.WriteLineAsync(guild is null
            ? $"Registered {commands.Count} global commands ({names}); Discord clients may take a while to show changes."
            : $"Registered {commands.Count} commands in server {guild} ({names}).").ConfigureAwait(false);
        return 0;
    }
}
