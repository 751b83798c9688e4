using System.Globalization;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/forget: asks, then erases everything about the person ("yes"), or nothing ("no").</summary>
internal sealed class ForgetCommand : ICommand
{
    public string Name => "forget";

    public int MenuOrder => 100;

    public IReadOnlyList<string> Strings => ["forget.confirm", "forget.yes", "forget.no", "forget.done", "forget.cancelled"];

    public async ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default)
    {
        if (argument == "no")
        {
            return turn.SayText("forget.cancelled");
        }

        if (argument != "yes")
        {
            Choice[] choices =
            [
                new Choice(turn.Text("forget.yes"), ActionIds.Command(Name, "yes")),
                new Choice(turn.Text("forget.no"), ActionIds.Command(Name, "no")),
            ];
            return turn.Say(turn.Text("forget.confirm"), choices);
        }

        var count = 0;
        foreach (var source in turn.Services.PersonalData)
        {
            count += await source.EraseAsync(turn.Message.User, cancellationToken).ConfigureAwait(false);
        }

        turn.State.Erased = true;
        turn.State.Flow = null;
        return turn.Say(Markup.Fill(turn.Text("forget.done"), "{count}", count.ToString(CultureInfo.InvariantCulture)));
    }
}
