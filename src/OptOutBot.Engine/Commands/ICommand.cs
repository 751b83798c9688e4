using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Commands;

/// <summary>
/// One command of the bot (<c>/optout instagram</c>, a menu entry, a button's <c>c:</c> action). The catalog that
/// platforms register (Discord's command list, Telegram's menus), the content validator and the ui.yaml schema all
/// come from the registered commands: adding one is a class and its strings in every language's ui.yaml
/// (<c>commands.&lt;name&gt;</c>, <c>command_args.&lt;name&gt;.&lt;argument&gt;</c> and <see cref="Strings"/>).
/// </summary>
public interface ICommand
{
    /// <summary>Lower-case, no slash, at most 32 characters (Telegram's and Discord's rule), e.g. "optout".</summary>
    string Name { get; }

    /// <summary>Where menus list it (smaller first); ties go by name.</summary>
    int MenuOrder => 1000;

    /// <summary>Other names that run it without a menu entry of their own (e.g. "menu" for help).</summary>
    IReadOnlyList<string> Aliases => [];

    /// <summary>The optional argument, or null when the command takes none.</summary>
    CommandParameter? Argument => null;

    /// <summary>In a group, only administrators may run it; others get <see cref="AdminOnlyKey"/>'s text.</summary>
    bool AdminOnly => false;

    /// <summary>The ui string said to a group member who is not an administrator, when <see cref="AdminOnly"/>.</summary>
    string AdminOnlyKey => "admin_only";

    /// <summary>The ui.yaml strings (<c>strings.&lt;key&gt;</c>) the command says: every language must have them.</summary>
    IReadOnlyList<string> Strings => [];

    /// <summary>Runs the command for one turn.</summary>
    ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default);
}

/// <param name="Name">Lower-case, e.g. "platform".</param>
/// <param name="Choices">Fixed values menus offer (e.g. "facebook", "instagram"), or empty for free text.</param>
/// <param name="Autocomplete">Free text that adapters may autocomplete from topic titles; the command is of no use without it.</param>
/// <param name="ChoicesAreLanguages">The values are the content's languages (for /language).</param>
public sealed record CommandParameter(string Name, IReadOnlyList<string> Choices, bool Autocomplete = false, bool ChoicesAreLanguages = false)
{
    public CommandParameter(string name)
        : this(name, [])
    {
    }
}
