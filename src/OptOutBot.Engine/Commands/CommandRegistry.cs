namespace OptOutBot.Engine.Commands;

/// <summary>The commands the bot understands, in menu order; looked up by name or alias.</summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, ICommand> _byName = new(StringComparer.Ordinal);

    public CommandRegistry(IEnumerable<ICommand> commands)
    {
        Commands = commands.ToList();
        foreach (var command in Commands)
        {
            if (!IsValidName(command.Name))
            {
                throw new ArgumentException($"command name '{command.Name}' must be 1 to 32 lower-case ASCII letters, digits or '_'", nameof(commands));
            }

            foreach (var name in command.Aliases.Prepend(command.Name))
            {
                if (!_byName.TryAdd(name, command))
                {
                    throw new ArgumentException($"two commands are named '{name}'", nameof(commands));
                }
            }
        }
    }

    /// <summary>The bot's own commands: every <see cref="ICommand"/> class of the engine, in <see cref="ICommand.MenuOrder"/>.</summary>
    public static CommandRegistry Default { get; } = new(BuiltInCommands());

    public IReadOnlyList<ICommand> Commands { get; }

    /// <summary>These commands and <paramref name="more"/> after them.</summary>
    public CommandRegistry With(params ICommand[] more) => new(Commands.Concat(more));

    public ICommand? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The ui strings some command says (each language's ui.yaml must have them).</summary>
    public IEnumerable<string> RequiredStrings =>
        Commands.SelectMany(c => c.AdminOnly ? c.Strings.Append(c.AdminOnlyKey) : c.Strings).Distinct(StringComparer.Ordinal);

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 32 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    // A new command class is found here: nothing else lists the commands.
    private static IEnumerable<ICommand> BuiltInCommands() =>
        typeof(CommandRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommand).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ICommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.MenuOrder)
            .ThenBy(c => c.Name, StringComparer.Ordinal);
}
