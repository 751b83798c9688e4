using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Types;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram;

/// <summary>
/// <c>optoutbot register telegram</c>: the command menu for every content language plus the default list, then the
/// webhook (with the secret the host checks) when Telegram:PublicUrl is set, else deleteWebhook so long polling works.
/// </summary>
internal sealed partial class TelegramRegistrar(TelegramApiClient api, IContentCatalog catalog, IOptions<TelegramOptions> options) : IPlatformRegistrar
{
    /// <summary>The platform's name in commands (<c>register telegram</c>) and in ui.yaml (<c>platform_locales.telegram</c>).</summary>
    private const string PlatformName = "telegram";

    public string Platform => PlatformName;

    public async Task<int> RegisterAsync(IReadOnlyDictionary<string, string> arguments, TextWriter output, CancellationToken cancellationToken = default)
    {
        var me = await api.CallAsync(new GetMeRequest(), cancellationToken).ConfigureAwait(false);
        if (me.Error is { } meError)
        {
            await output.WriteLineAsync($"Telegram refused the bot token ({meError.Code} {meError.Description}): check Telegram:BotToken.").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync($"Bot @{me.Value?.Username} (id {me.Value?.Id}).").ConfigureAwait(false);
        var failures = 0;
        foreach (var request in CommandMenus(catalog))
        {
            var set = await api.CallAsync(request, cancellationToken).ConfigureAwait(false);
            var language = request.LanguageCode ?? "default";
            if (set.Error is { } error)
            {
                failures++;
                await output.WriteLineAsync($"Command menu ({language}): failed, {error.Code} {error.Description}").ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"Command menu ({language}): {request.Commands.Count()} commands.").ConfigureAwait(false);
            }
        }

        var settings = options.Value;
        if (settings.WebhookUrl is { } url)
        {
            var set = await api.CallAsync(TelegramWebhookSetup.CreateRequest(settings, url), cancellationToken).ConfigureAwait(false);
            failures += set.Ok ? 0 : 1;
            await output.WriteLineAsync(set.Error is { } error
                ? $"Webhook: failed, {error.Code} {error.Description}"
                : $"Webhook: {url} (with a secret token{(settings.WebhookSecret.Length == 0 ? " derived from the bot token" : " from Telegram:WebhookSecret")}).").ConfigureAwait(false);
        }
        else
        {
            var deleted = await api.CallAsync(new DeleteWebhookRequest(), cancellationToken).ConfigureAwait(false);
            failures += deleted.Ok ? 0 : 1;
            await output.WriteLineAsync(deleted.Ok
                ? "Webhook: none (no Telegram:PublicUrl), the host uses long polling."
                : $"Webhook: could not delete it, {deleted.Error!.Code} {deleted.Error.Description}").ConfigureAwait(false);
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// One setMyCommands per language code Telegram knows a content language by (ui.yaml <c>platform_locales.telegram</c>,
    /// else the folder name; Telegram takes two-letter ISO 639-1 codes), then the default list in the default language.
    /// </summary>
    internal static IEnumerable<SetMyCommandsRequest> CommandMenus(IContentCatalog catalog)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var locale in catalog.Locales)
        {
            foreach (var code in catalog.PlatformLocales(PlatformName, locale))
            {
                if (TelegramLanguageCode().IsMatch(code) && seen.Add(code.ToLowerInvariant()))
                {
                    yield return new SetMyCommandsRequest { Commands = Commands(catalog, locale), LanguageCode = code.ToLowerInvariant() };
                }
            }
        }

        yield return new SetMyCommandsRequest { Commands = Commands(catalog, catalog.DefaultLocale) };
    }

    private static List<BotCommand> Commands(IContentCatalog catalog, string locale)
    {
        var commands = new List<BotCommand>();
        foreach (var command in catalog.Commands)
        {
            if (!CommandName().IsMatch(command.Name) || commands.Count == 100)
            {
                continue;
            }

            var description = command.Descriptions.GetValueOrDefault(locale)
                ?? command.Descriptions.GetValueOrDefault(catalog.DefaultLocale)
                ?? command.Name;
            commands.Add(new BotCommand(command.Name, description.Length > 256 ? description[..256] : description));
        }

        return commands;
    }

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandName();

    [GeneratedRegex("^[a-zA-Z]{2}$")]
    private static partial Regex TelegramLanguageCode();
}

/// <summary>Stands in when the adapter is off, so <c>register telegram</c> says which setting is missing.</summary>
internal sealed class DisabledTelegramRegistrar : IPlatformRegistrar
{
    public string Platform => "telegram";

    public async Task<int> RegisterAsync(IReadOnlyDictionary<string, string> options, TextWriter output, CancellationToken cancellationToken = default)
    {
        await output.WriteLineAsync("Telegram is off: set Telegram:BotToken (from @BotFather) first.").ConfigureAwait(false);
        return 1;
    }
}
