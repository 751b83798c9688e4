using System.Collections.Concurrent;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// A small fixed dialog for adapter tests that must not depend on content: a greeting with buttons, a two-step guide that
/// edits in place, commands echoed, a long answer, and content full of HTML-special characters.
/// </summary>
internal sealed class ScriptedEngine : IConversationEngine
{
    public ConcurrentQueue<InboundMessage> Received { get; } = new();

    /// <summary>How long each turn takes, to make the host slow on purpose.</summary>
    public TimeSpan Delay { get; set; }

    public async ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        var locale = message.LocaleHint?.StartsWith("en", StringComparison.Ordinal) == true ? "en" : "fr";
        return message.Input switch
        {
            TextInput { Text: "long" } => Turn(new ReplyMessage(string.Join('\n', Enumerable.Range(1, 400).Select(i => $"Line {i} <of> a long answer & more")))
            {
                Choices = [new Choice("Menu", "m")],
            }),
            TextInput { Text: "two" } => new TurnResult(new Reply([new ReplyMessage("first"), new ReplyMessage("second")]), locale, TurnOutcome.Topic, "two"),
            TextInput text => Turn(new ReplyMessage($"**Bonjour** <{text.Text}> & [CNIL](https://www.cnil.fr/)")
            {
                Choices = [new Choice("Guide", "s:demo/one"), new Choice("Menu", "m")],
                Links = [new LinkButton("Open Instagram", "https://www.instagram.com/")],
                Sources = [new SourceNote("Meta", "https://about.fb.com/", new DateOnly(2025, 5, 27))],
            }),
            CommandInput command => new TurnResult(Reply.Single(new ReplyMessage($"command {command.Name} {command.Argument}".Trim())), locale, TurnOutcome.Command) { Command = command.Name },
            ActionInput { ActionId: "s:demo/one" } => Step("Step one", "s:demo/two"),
            ActionInput { ActionId: "s:demo/two" } => Step("Step two", "m"),
            ActionInput action => Turn(new ReplyMessage("menu " + action.ActionId)),
            _ => Turn(new ReplyMessage("?")),
        };

        TurnResult Turn(ReplyMessage reply) => new(Reply.Single(reply), locale, TurnOutcome.Topic, "scripted");

        TurnResult Step(string text, string next) =>
            new(Reply.Single(new ReplyMessage(text) { Choices = [new Choice("Next", next)] }) with { ContinuesPrevious = true }, locale, TurnOutcome.FlowStep) { FlowStep = "demo/" + text };
    }
}
