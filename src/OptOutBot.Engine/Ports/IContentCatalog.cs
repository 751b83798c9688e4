namespace OptOutBot.Engine.Ports;

/// <summary>Read-only view of the loaded content for adapters: languages, topic titles (autocomplete), commands (menus), UI strings.</summary>
public interface IContentCatalog
{
    /// <summary>Languages with content, e.g. ["fr", "en"]; the first is the default.</summary>
    IReadOnlyList<string> Locales { get; }

    string DefaultLocale { get; }

    /// <summary>Maps a platform locale ("fr-FR", "en_GB", "de") to a content language, or null when none fits: a tag a language's ui.yaml lists under <c>platform_locales</c>, else the tag's language part.</summary>
    string? ResolveLocale(string? platformLocale);

    IReadOnlyList<TopicSummary> Topics(string locale);

    /// <summary>The commands the bot understands, with per-language descriptions, for command menus.</summary>
    IReadOnlyList<CommandInfo> Commands { get; }

    /// <summary>A UI string of the given language (e.g. "fallback", "menu.title"); falls back to the default language.</summary>
    string Text(string locale, string key);

    /// <summary>The web page's strings of one language (ui.yaml <c>web</c>), those missing taken from the default language.</summary>
    // No default body: a catalog that forgot it (a wrapper such as <c>LiveContent</c>) once served an empty page.
    IReadOnlyDictionary<string, string> PageStrings(string locale);

    /// <summary>Labels only <paramref name="platform"/> shows ("discord": its share button, select placeholder, …), from that ui.yaml section; those missing taken from the default language.</summary>
    IReadOnlyDictionary<string, string> PlatformStrings(string platform, string locale);

    /// <summary>How <paramref name="platform"/> names a content language (ui.yaml <c>platform_locales</c>; e.g. Discord's "en-US", "en-GB" for "en"), else the language's own code; empty for an unknown language.</summary>
    IReadOnlyList<string> PlatformLocales(string platform, string locale);
}

public sealed record TopicSummary(string Id, string Title);

/// <summary>A command as menus show it. Descriptions are keyed by language ("fr", "en").</summary>
/// <param name="Name">Lower-case, no slash, e.g. "optout".</param>
/// <param name="Descriptions">Per language, at most 100 characters (Discord's limit; Telegram's is 256).</param>
/// <param name="Argument">The optional argument, if the command takes one.</param>
public sealed record CommandInfo(string Name, IReadOnlyDictionary<string, string> Descriptions, CommandArgument? Argument = null)
{
    /// <summary>The command's name as menus may show it per language (e.g. "fr" → "oublier"); absent languages use <see cref="Name"/>. What platforms send back is always <see cref="Name"/>.</summary>
    public IReadOnlyDictionary<string, string> LocalizedNames { get; init; } = new Dictionary<string, string>();

    /// <summary>In a group, only administrators may run it (the engine refuses others).</summary>
    public bool AdminOnly { get; init; }
}

/// <param name="Name">Lower-case argument name, e.g. "platform".</param>
/// <param name="Descriptions">Per language.</param>
/// <param name="Choices">Fixed values (e.g. "facebook", "instagram"), or empty for free text.</param>
/// <param name="Autocomplete">True when the value is free text that adapters may autocomplete from topic titles.</param>
public sealed record CommandArgument(string Name, IReadOnlyDictionary<string, string> Descriptions, IReadOnlyList<string> Choices, bool Autocomplete = false);
