using OptOutBot.Engine;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>
/// Stands in for the real engine until the host can run one in tests: answers like the engine does for the turns
/// these tests make (welcome, a question, a button, language, forget, empty text, a stale button).
/// </summary>
internal sealed class ScriptedEngine : IConversationEngine
{
    public ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        var locale = message.LocaleHint?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : "fr";
        return ValueTask.FromResult(message.Input switch
        {
            TextInput { Text: "" } => Say(locale, TurnOutcome.Invalid, "Écrivez votre question."),
            TextInput => new TurnResult(
                Reply.Single(new ReplyMessage("Sur Instagram :\n1. Ouvrez **Paramètres**\n2. Puis _Centre de confidentialité_\n\n<img src=x onerror=alert(1)>")
                {
                    Choices = [new Choice("C'est fait", ActionIds.Step("instagram", "done")), new Choice("Je ne trouve pas", ActionIds.Step("instagram", "help"))],
                    Links = [new LinkButton("Formulaire", "https://help.instagram.com/contact")],
                    Sources = [new SourceNote("Meta", "https://about.fb.com/news", new DateOnly(2025, 4, 14))],
                }),
                locale,
                TurnOutcome.Topic,
                "optout-instagram-steps"),
            ActionInput { ActionId: "s:instagram/done" } => Say(locale, TurnOutcome.FlowStep, "Bravo, c'est fait."),
            ActionInput => Say(locale, TurnOutcome.Invalid, "Ce bouton n'est plus valable."),
            CommandInput { Name: "language", Argument: { } to } => Say(to, TurnOutcome.Command, to == "en" ? "I'll answer in English." : "Je réponds en français.") with { Command = "language" },
            CommandInput { Name: "forget" } => Say(locale, TurnOutcome.Command, "Effacer vos données ?") with { Command = "forget" },
            CommandInput c => Say(locale, TurnOutcome.Command, "Bonjour ! Posez votre question.") with { Command = c.Name },
            _ => Say(locale, TurnOutcome.Invalid, "?"),
        });
    }

    private static TurnResult Say(string locale, TurnOutcome outcome, string text) => new(Reply.Single(new ReplyMessage(text)), locale, outcome);
}
