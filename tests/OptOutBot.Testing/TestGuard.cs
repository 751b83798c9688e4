using Microsoft.Extensions.Logging.Abstractions;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Testing;

/// <summary>A <see cref="TurnGuard"/> around a test engine, whose apology is <see cref="Apology"/> in every language.</summary>
public static class TestGuard
{
    public const string Apology = "Sorry something went wrong in this test";

    public static TurnGuard For(IConversationEngine engine) => new(engine, new ApologyCatalog(), NullLogger<TurnGuard>.Instance);

    private sealed class ApologyCatalog : IContentCatalog
    {
        public IReadOnlyList<string> Locales { get; } = ["fr", "en"];

        public string DefaultLocale => "fr";

        public IReadOnlyList<CommandInfo> Commands { get; } = [];

        public string? ResolveLocale(string? platformLocale) =>
            platformLocale is { Length: >= 2 } l && Locales.Contains(l[..2].ToLowerInvariant()) ? l[..2].ToLowerInvariant() : null;

        public IReadOnlyList<TopicSummary> Topics(string locale) => [];

        public string Text(string locale, string key) => Apology;

        public IReadOnlyDictionary<string, string> PageStrings(string locale) => new Dictionary<string, string>();

        public IReadOnlyDictionary<string, string> PlatformStrings(string platform, string locale) => new Dictionary<string, string>();

        public IReadOnlyList<string> PlatformLocales(string platform, string locale) => [locale];
    }
}
