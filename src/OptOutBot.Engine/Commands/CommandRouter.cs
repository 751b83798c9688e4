using OptOutBot.Engine.Commands;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine;

/// <summary>Runs a command of the content's <see cref="CommandRegistry"/>; an unknown name gets a kind answer with the menu.</summary>
internal sealed class CommandRouter(BotContent content, CommandServices services)
{
    /// <summary>Splits "optout@MyBot instagram" into ("optout", "instagram"); names are lower-cased, a bot suffix dropped.</summary>
    public static (string Name, string? Argument) Parse(ReadOnlySpan<char> text, char separator = ' ')
    {
        var cut = text.IndexOf(separator);
        var name = cut < 0 ? text : text[..cut];
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            name = name[..at];
        }

        var argument = cut < 0 ? ReadOnlySpan<char>.Empty : text[(cut + 1)..].Trim();
        return (name.ToString().ToLowerInvariant(), argument.IsEmpty ? null : argument.ToString());
    }

    public ValueTask<TurnResult> RunAsync(Turn turn, string name, string? argument, CancellationToken cancellationToken)
    {
        var locale = turn.Locale;
        if (content.CommandRegistry.Find(name) is not { } command)
        {
            var message = Markup.Fill(content.Text(locale, "unknown_command"), "{command}", "/" + Commands.BuiltIn.CommandText.Trim(name, 32));
            var reply = Reply.Single(new ReplyMessage(message) { Choices = content.Menu(locale).Messages[0].Choices }, locale);
            return ValueTask.FromResult(new TurnResult(reply, locale, TurnOutcome.Invalid) { Command = name });
        }

        var commandTurn = new CommandTurn(turn, name, content, services);
        if (command.AdminOnly && turn.Message.Scope == ConversationScope.Group && turn.Message.SenderIsAdmin != true)
        {
            return ValueTask.FromResult(commandTurn.SayText(command.AdminOnlyKey));
        }

        return command.RunAsync(commandTurn, argument, cancellationToken);
    }
}
