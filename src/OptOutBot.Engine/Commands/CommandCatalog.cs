using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Engine.Commands;

/// <summary>
/// The commands the bot understands, as adapters register them in menus. Adding a command is one line here plus
/// its description in each <c>ui.yaml</c>.
/// </summary>
internal static class CommandCatalog
{
    private static readonly (string Name, string? Argument, string[] Choices, bool Autocomplete)[] Definitions =
    [
        ("start", null, [], false),
        ("help", null, [], false),
        ("optout", "platform", ["facebook", "instagram", "whatsapp", "linkedin", "x", "reddit", "slack", "google", "openai"], false),
        ("ask", "question", [], true),
        ("deadline", null, [], false),
        ("language", "language", [], false),
        ("subscribe", "topic", [], false),
        ("unsubscribe", null, [], false),
        ("mydata", null, [], false),
        ("forget", null, [], false),
        ("about", null, [], false),
    ];

    public static IReadOnlyList<CommandInfo> Build(IReadOnlyList<LanguagePack> packs)
    {
        var list = new List<CommandInfo>();
        foreach (var (name, argument, choices, autocomplete) in Definitions)
        {
            var descriptions = packs.ToDictionary(p => p.Locale, p => p.Ui.Commands.GetValueOrDefault(name, name), StringComparer.Ordinal);
            CommandArgument? arg = null;
            if (argument is not null)
            {
                var argDescriptions = packs.ToDictionary(p => p.Locale, p => p.Ui.CommandArgs.GetValueOrDefault(name + "." + argument, argument), StringComparer.Ordinal);
                var values = name == "language" ? packs.Select(p => p.Locale).ToArray() : choices;
                arg = new CommandArgument(argument, argDescriptions, values, autocomplete);
            }

            var names = packs.Where(p => p.Ui.CommandNames.ContainsKey(name)).ToDictionary(p => p.Locale, p => p.Ui.CommandNames[name], StringComparer.Ordinal);
            list.Add(new CommandInfo(name, descriptions, arg) { LocalizedNames = names });
        }

        return list;
    }
}
