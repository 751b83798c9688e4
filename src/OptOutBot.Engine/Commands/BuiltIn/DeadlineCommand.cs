using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/deadline: the dates topic with the calendar's next events.</summary>
internal sealed class DeadlineCommand : ICommand
{
    public string Name => "deadline";

    public int MenuOrder => 50;

    public ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(turn.Topic(Content.BotContent.DeadlineTopic) ?? turn.Answer(turn.Content.Menu(turn.Locale)));
}
