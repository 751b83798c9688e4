using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/language [code or name]: switches the answers' language and keeps it, or offers the languages.</summary>
internal sealed class LanguageCommand : ICommand
{
    public string Name => "language";

    public int MenuOrder => 60;

    public CommandParameter Argument { get; } = new("language", [], ChoicesAreLanguages: true);

    public IReadOnlyList<string> Strings => ["language.prompt", "language.changed"];

    public ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default)
    {
        var content = turn.Content;
        var chosen = argument is null ? null : content.ResolveLocale(argument) ?? ByName(turn, argument);
        if (chosen is null)
        {
            var choices = content.Locales.Select(l => new Choice(content.Pack(l).Ui.LanguageName, ActionIds.Command(Name, l))).ToList();
            return ValueTask.FromResult(turn.Say(turn.Text("language.prompt"), choices));
        }

        turn.State.Locale = chosen;
        turn.State.SavedLocale = chosen;
        return ValueTask.FromResult(turn.Say(turn.Text("language.changed"), content.Menu(chosen).Messages[0].Choices));
    }

    private static string? ByName(CommandTurn turn, string name)
    {
        var folded = TextNormalizer.Fold(name);
        return turn.Content.Locales.FirstOrDefault(l => TextNormalizer.Fold(turn.Content.Pack(l).Ui.LanguageName) == folded);
    }
}
