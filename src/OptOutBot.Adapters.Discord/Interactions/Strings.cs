namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>The few labels only Discord shows (its own buttons); everything else comes from the content.</summary>
internal static class Strings
{
    public const string Share = "share";
    public const string Choose = "choose";
    public const string Source = "source";
    public const string Sources = "sources";
    public const string Shared = "shared";

    private static readonly Dictionary<string, string> French = new(StringComparer.Ordinal)
    {
        [Share] = "Partager dans le salon",
        [Choose] = "Choisir…",
        [Source] = "Source :",
        [Sources] = "Sources :",
        [Shared] = "Message partagé dans le salon.",
    };

    private static readonly Dictionary<string, string> English = new(StringComparer.Ordinal)
    {
        [Share] = "Share in channel",
        [Choose] = "Choose…",
        [Source] = "Source:",
        [Sources] = "Sources:",
        [Shared] = "Shared in the channel.",
    };

    public static string Get(string locale, string key) =>
        (locale.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? French : English).GetValueOrDefault(key, key);
}
