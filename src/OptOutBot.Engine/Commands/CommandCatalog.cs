using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Engine.Commands;

/// <summary>The registered commands as adapters put them in menus (Discord's command list, Telegram's menus), with every language's texts.</summary>
internal static class CommandCatalog
{
    public static IReadOnlyList<CommandInfo> Build(IReadOnlyList<LanguagePack> packs, CommandRegistry registry)
    {
        var list = new List<CommandInfo>();
        foreach (var command in registry.Commands)
        {
            var name = command.Name;
            var descriptions = packs.ToDictionary(p => p.Locale, p => p.Ui.Commands.GetValueOrDefault(name, name), StringComparer.Ordinal);
            CommandArgument? arg = null;
            if (command.Argument is { } argument)
            {
                var argDescriptions = packs.ToDictionary(p => p.Locale, p => p.Ui.CommandArgs.GetValueOrDefault(name + "." + argument.Name, argument.Name), StringComparer.Ordinal);
                var values = argument.ChoicesAreLanguages ? packs.Select(p => p.Locale).ToArray() : argument.Choices;
                arg = new CommandArgument(argument.Name, argDescriptions, values, argument.Autocomplete);
            }

            var names = packs.Where(p => p.Ui.CommandNames.ContainsKey(name)).ToDictionary(p => p.Locale, p => p.Ui.CommandNames[name], StringComparer.Ordinal);
            list.Add(new CommandInfo(name, descriptions, arg) { LocalizedNames = names, AdminOnly = command.AdminOnly });
        }

        return list;
    }
}
