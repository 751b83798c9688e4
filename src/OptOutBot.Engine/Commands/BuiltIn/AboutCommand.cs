using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/about: who runs the bot, what it keeps.</summary>
internal sealed class AboutCommand : ICommand
{
    public string Name => "about";

    public int MenuOrder => 110;

    public IReadOnlyList<string> Strings => ["about"];

    public ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(turn.SayText("about"));
}
