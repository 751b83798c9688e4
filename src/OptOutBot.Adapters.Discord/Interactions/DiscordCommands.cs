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

    /// <summary>Discord has no plain "en" or "es": a content language maps to each Discord locale that speaks it.</summary>
    private static readonly Dictionary<string, string[]> DiscordLocales = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fr"] = ["fr"],
        ["en"] = ["en-US", "en-GB"],
        ["de"] = ["de"],
        ["it"] = ["it"],
        ["nl"] = ["nl"],
        ["pl"] = ["pl"],
        ["es"] = ["es-ES", "es-419"],
        ["pt"] = ["pt-BR"],
        ["sv"] = ["sv-SE"],
        ["da"] = ["da"],
        ["fi"] = ["fi"],
        ["cs"] = ["cs"],
        ["ro"] = ["ro"],
        ["el"] = ["el"],
        ["hu"] = ["hu"],
        ["bg"] = ["bg"],
        ["hr"] = ["hr"],
        ["lt"] = ["lt"],
        ["no"] = ["no"],
    };

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
                DescriptionLocalizations = Localized(command.Descriptions),
                NameLocalizations = LocalizedNames(command.LocalizedNames),
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
                        DescriptionLocalizations = Localized(argument.Descriptions),

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

    /// <summary>English is Discord's fallback for locales without a localisation, so it is the default text when there is one.</summary>
    private static string? Default(IReadOnlyDictionary<string, string> descriptions, IContentCatalog catalog)
    {
        var text = descriptions.GetValueOrDefault("en") ?? descriptions.GetValueOrDefault(catalog.DefaultLocale) ?? descriptions.Values.FirstOrDefault();
        return string.IsNullOrWhiteSpace(text) ? null : Truncate(text);
    }

    private static Dictionary<string, string>? Localized(IReadOnlyDictionary<string, string> descriptions)
    {
        var localized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, text) in descriptions)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            foreach (var locale in DiscordLocales.GetValueOrDefault(language) ?? (language.Contains('-', StringComparison.Ordinal) ? [language] : []))
            {
                localized[locale] = Truncate(text);
            }
        }

        return localized.Count == 0 ? null : localized;
    }

    // Discord sends the base name back whatever the user's locale, so localised names only change what people see.
    private static Dictionary<string, string>? LocalizedNames(IReadOnlyDictionary<string, string> names)
    {
        var valid = names.Where(n => ValidName().IsMatch(n.Value) && n.Value == n.Value.ToLowerInvariant())
            .ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        return Localized(valid);
    }

    private static string Truncate(string text) => text.Length <= MaxDescription ? text : text[..(MaxDescription - 1)] + "…";

    [GeneratedRegex(@"^[-_'\p{L}\p{N}]{1,32}$")]
    private static partial Regex ValidName();
}
