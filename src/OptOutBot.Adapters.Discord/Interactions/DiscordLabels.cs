using System.Runtime.CompilerServices;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>The few labels only Discord shows (its own buttons, the sources line), in one language, from ui.yaml's <c>discord</c> section.</summary>
internal sealed class DiscordLabels
{
    /// <summary>The ui.yaml section (and <see cref="IContentCatalog.PlatformStrings"/> platform) of these labels.</summary>
    public const string Section = "discord";

    // The catalog keeps one dictionary per language and content generation: one set of labels each, built once.
    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, string>, DiscordLabels> Built = new();

    private DiscordLabels(IReadOnlyDictionary<string, string> strings)
    {
        Share = strings.GetValueOrDefault("share", "share");
        Choose = strings.GetValueOrDefault("choose", "…");
        SourceOne = strings.GetValueOrDefault("source_one", "Source:");
        SourceOther = strings.GetValueOrDefault("source_other", "Sources:");
    }

    /// <summary>The markup writer for replies in this language (its footnote says "Source:" in it).</summary>
    public DiscordMarkdown Markdown => field ??= new DiscordMarkdown(this);

    /// <summary>The share button's label.</summary>
    public string Share { get; }

    /// <summary>The select menu's placeholder.</summary>
    public string Choose { get; }

    /// <summary>Before one source, e.g. "Source:".</summary>
    public string SourceOne { get; }

    /// <summary>Before several sources, e.g. "Sources:".</summary>
    public string SourceOther { get; }

    public static DiscordLabels For(IContentCatalog catalog, string? locale) =>
        Built.GetValue(catalog.PlatformStrings(Section, locale ?? catalog.DefaultLocale), static strings => new DiscordLabels(strings));
}
