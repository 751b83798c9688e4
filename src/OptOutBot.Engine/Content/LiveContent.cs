using OptOutBot.Engine.Ports;

namespace OptOutBot.Engine.Content;

/// <summary>
/// The content being served. A reload builds a whole new <see cref="BotContent"/> (matcher and prebuilt replies)
/// off the hot path, then swaps one reference: a turn reads <see cref="Current"/> once and finishes on it, so turns in
/// flight end on the old content. Adapters read the catalog through this object and always see the current content.
/// </summary>
public sealed class LiveContent(BotContent initial) : IContentCatalog
{
    private volatile BotContent _current = initial;

    /// <summary>Raised after a swap, with the new content (renderers drop caches built from the old one).</summary>
    public event Action<BotContent>? Changed;

    public BotContent Current => _current;

    /// <summary>How many times the content was replaced since start.</summary>
    public int Generation { get; private set; }

    public IReadOnlyList<string> Locales => _current.Locales;

    public string DefaultLocale => _current.DefaultLocale;

    public IReadOnlyList<CommandInfo> Commands => _current.Commands;

    public void Swap(BotContent next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _current = next;
        Generation++;
        Changed?.Invoke(next);
    }

    public string? ResolveLocale(string? platformLocale) => _current.ResolveLocale(platformLocale);

    public IReadOnlyList<TopicSummary> Topics(string locale) => _current.Topics(locale);

    public string Text(string locale, string key) => _current.Text(locale, key);

    public IReadOnlyDictionary<string, string> PageStrings(string locale) => _current.PageStrings(locale);

    public IReadOnlyDictionary<string, string> PlatformStrings(string platform, string locale) => _current.PlatformStrings(platform, locale);

    public IReadOnlyList<string> PlatformLocales(string platform, string locale) => _current.PlatformLocales(platform, locale);
}
