using Microsoft.Extensions.Hosting;
using Moq;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Discord.Tests.Support;

internal static class Fakes
{
    public static Mock<IContentCatalog> Catalog()
    {
        var catalog = new Mock<IContentCatalog>();
        catalog.SetupGet(c => c.Locales).Returns(["fr", "en"]);
        catalog.SetupGet(c => c.DefaultLocale).Returns("fr");
        catalog.Setup(c => c.ResolveLocale(It.IsAny<string?>())).Returns((string? l) =>
            l is null ? null : l.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : null);
        catalog.Setup(c => c.Topics("fr")).Returns(
        [
            new TopicSummary("optout-instagram-steps", "S'opposer sur Instagram"),
            new TopicSummary("optout-facebook-steps", "S'opposer sur Facebook"),
            new TopicSummary("deadline", "Date limite"),
            new TopicSummary("whatsapp", "Et WhatsApp ?"),
        ]);
        catalog.Setup(c => c.Topics("en")).Returns(
        [
            new TopicSummary("optout-instagram-steps", "Object on Instagram"),
            new TopicSummary("optout-facebook-steps", "Object on Facebook"),
            new TopicSummary("deadline", "Deadline"),
        ]);
        catalog.SetupGet(c => c.Commands).Returns(
        [
            new CommandInfo("optout", D("S'opposer, étape par étape", "Object, step by step"),
                new CommandArgument("platform", D("La plateforme", "The platform"), ["facebook", "instagram"])),
            new CommandInfo("ask", D("Poser une question", "Ask a question"),
                new CommandArgument("question", D("Votre question", "Your question"), [], Autocomplete: true)),
            new CommandInfo("deadline", D("La date limite", "The deadline")),
            new CommandInfo("language", D("Changer de langue", "Change language"),
                new CommandArgument("language", D("Langue", "Language"), ["fr", "en"])),
            new CommandInfo("forget", D("Tout oublier de moi", "Forget everything about me")),
            new CommandInfo("about", D("À propos du bot", "About this bot")),
        ]);
        catalog.Setup(c => c.Text(It.IsAny<string>(), It.IsAny<string>())).Returns((string l, string k) => k);

        // Discord's own labels and locale codes as the repository's content has them.
        catalog.Setup(c => c.PlatformStrings(It.IsAny<string>(), It.IsAny<string>())).Returns((string p, string l) => OptOutBot.Testing.RealContent.Value.PlatformStrings(p, l));
        catalog.Setup(c => c.PlatformLocales(It.IsAny<string>(), It.IsAny<string>())).Returns((string p, string l) => OptOutBot.Testing.RealContent.Value.PlatformLocales(p, l));
        return catalog;
    }

    public static Mock<IConversationEngine> Engine(TurnResult result)
    {
        var engine = new Mock<IConversationEngine>();
        engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>())).Returns(new ValueTask<TurnResult>(result));
        return engine;
    }

    public static TurnResult Answer(string text, params Choice[] choices) =>
        new(Reply.Single(new ReplyMessage(text) { Choices = choices }), "fr", TurnOutcome.Topic, "t");

    public static IHostApplicationLifetime Lifetime()
    {
        var lifetime = new Mock<IHostApplicationLifetime>();
        lifetime.SetupGet(l => l.ApplicationStopping).Returns(CancellationToken.None);
        return lifetime.Object;
    }

    private static Dictionary<string, string> D(string fr, string en) => new() { ["fr"] = fr, ["en"] = en };
}
