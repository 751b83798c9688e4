using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/start: the welcome topic (or the main menu), leaving any guide.</summary>
internal class StartCommand : ICommand
{
    public virtual string Name => "start";

    public virtual int MenuOrder => 10;

    public ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default)
    {
        turn.State.Flow = null;
        return ValueTask.FromResult(turn.Topic(Content.BotContent.WelcomeTopic) ?? turn.Answer(turn.Content.Menu(turn.Locale)));
    }
}

/// <summary>/help (or /menu): the same as /start, listed on its own in menus.</summary>
internal sealed class HelpCommand : StartCommand, ICommand
{
    public override string Name => "help";

    public override int MenuOrder => 20;

    public IReadOnlyList<string> Aliases => ["menu"];
}
