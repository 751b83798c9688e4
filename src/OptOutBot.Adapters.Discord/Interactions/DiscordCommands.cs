using System.Text.RegularExpressions;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// Slash commands built from the engine's command list (<see cref="IContentCatalog.Commands"/>), so a command added
/// there is registered on Discord too, with its descriptions in every Discord locale its languages cover.
/// </summary>
internal static partial class DiscordCommands
{
    public const int MaxDescription = 100;

    /// <summary>Discord shows its default text to every locale without a localisation, and that text reads as US English.</summary>
    private const string DiscordDefaultLocale = "en-US";

    public static List<ApplicationCommand> Build(IContentCatalog catalog)
    {
        var commands = new List<ApplicationCommand>();
        foreach (var command in catalog.Commands)
        {
            if (!ValidName().IsMatch(command.Name))
            {
                continue;
            }

            var discord = new ApplicationCommand
            {
                Name = command.Name,
                Description = Default(command.Descriptions, catalog) ?? command.Name,
                DescriptionLocalizations = Localized(command.Descriptions, catalog),
                NameLocalizations = LocalizedNames(command.LocalizedNames, catalog),
                Contexts = [0, 1, 2],
            };
            if (command.Argument is { } argument && ValidName().IsMatch(argument.Name))
            {
                discord.Options =
                [
                    new ApplicationCommandOption
                    {
                        Name = argument.Name,
                        Description = Default(argument.Descriptions, catalog) ?? argument.Name,
                        DescriptionLocalizations = Localized(argument.Descriptions, catalog),

                        // A free-text argument offered with autocomplete is the command's whole point (/ask question:…).
                        Required = argument.Autocomplete ? true : null,
                        Autocomplete = argument.Autocomplete && argument.Choices.Count == 0 ? true : null,
                        Choices = argument.Choices.Count == 0 ? null
                            : argument.Choices.Take(25).Select(c => new CommandChoice { Name = Truncate(c), Value = Truncate(c) }).ToList(),
                    },
                ];
            }

            commands.Add(discord);
        }

        return commands;
    }

    /// <summary>The default text is in the language Discord's fallback locale speaks (ui.yaml <c>platform_locales</c>), else the default language.</summary>
    private static string? Default(IReadOnlyDictionary<string, string> descriptions, IContentCatalog catalog)
    {
        var fallback = catalog.Locales.FirstOrDefault(l => catalog.PlatformLocales(DiscordLabels.Section, l).Contains(DiscordDefaultLocale, StringComparer.OrdinalIgnoreCase));
        var text = (fallback is null ? null : descriptions.GetValueOrDefault(fallback)) ?? descriptions.GetValueOrDefault(catalog.DefaultLocale) ?? descriptions.Values.FirstOrDefault();
        return string.IsNullOrWhiteSpace(text) ? null : Truncate(text);
    }

    /// <summary>Each content language's text under every Discord locale that speaks it (ui.yaml <c>platform_locales.discord</c>, else the language's code).</summary>
    private static Dictionary<string, string>? Localized(IReadOnlyDictionary<string, string> descriptions, IContentCatalog catalog)
    {
        var localized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, text) in descriptions)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            foreach (var locale in catalog.PlatformLocales(DiscordLabels.Section, language))
            {
                localized[locale] = Truncate(text);
            }
        }

        return localized.Count == 0 ? null : localized;
    }

    // Discord sends the base name back whatever the user's locale, so localised names only change what people see.
    private static Dictionary<string, string>? LocalizedNames(IReadOnlyDictionary<string, string> names, IContentCatalog catalog)
    {
        var valid = names.Where(n => ValidName().IsMatch(n.Value) && n.Value == n.Value.ToLowerInvariant())
            .ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        return Localized(valid, catalog);
    }

    private static string Truncate(string text) => text.Length <= MaxDescription ? text : text[..(MaxDescription - 1)] + "…";

    [GeneratedRegex(@"^[-_'\p{L}\p{N}]{1,32}$")]
    private static partial Regex ValidName();
}
