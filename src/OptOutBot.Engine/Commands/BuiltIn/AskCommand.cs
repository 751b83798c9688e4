using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/ask question: the best topic for the question, or the fallback.</summary>
internal sealed class AskCommand : ICommand
{
    public string Name => "ask";

    public int MenuOrder => 40;

    public CommandParameter Argument { get; } = new("question", [], Autocomplete: true);

    public IReadOnlyList<string> Strings => ["invalid.empty"];

    public ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default)
    {
        if (argument is null)
        {
            return ValueTask.FromResult(turn.SayText("invalid.empty"));
        }

        var match = turn.Content.Matcher.Match(argument);
        var topic = match.First >= 0 ? turn.Content.Matcher.TopicId(match.First) : string.Empty;
        return ValueTask.FromResult(turn.Topic(topic) ?? turn.Answer(turn.Content.Fallback(turn.Locale), TurnOutcome.Fallback));
    }
}
