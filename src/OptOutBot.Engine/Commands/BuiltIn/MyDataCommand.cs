using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/mydata: everything the bot keeps about the person, with a button to erase it.</summary>
internal sealed class MyDataCommand : ICommand
{
    public string Name => "mydata";

    public int MenuOrder => 90;

    public IReadOnlyList<string> Strings => ["mydata.intro", "mydata.none", "forget.yes"];

    public async ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        foreach (var source in turn.Services.PersonalData)
        {
            foreach (var item in await source.DescribeAsync(turn.Message.User, cancellationToken).ConfigureAwait(false))
            {
                var label = turn.Text("mydata.kind." + item.Kind);
                lines.Add("- " + (label == "mydata.kind." + item.Kind ? item.Kind : label) + " : " + item.Detail);
            }
        }

        var text = lines.Count == 0
            ? turn.Text("mydata.none")
            : turn.Text("mydata.intro") + "\n\n" + string.Join('\n', lines);
        Choice[] choices = lines.Count == 0 ? [] : [new Choice(turn.Text("forget.yes"), ActionIds.Command("forget"))];
        return turn.Say(text, choices);
    }
}
