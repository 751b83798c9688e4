namespace OptOutBot.Engine.Matching;

/// <summary>
/// A deliberately light suffix stripper shared by French and English: it only needs to make "opposer",
/// "opposition" and "oppose", or "messages" and "message", meet on both the index side and the query side.
/// </summary>
internal static class Stemmer
{
    // Longest first; a suffix is removed only when at least MinStem characters remain.
    private static readonly string[] Suffixes =
    [
        "issements", "issement", "ements", "ations", "itions", "ement", "ation", "ition", "ances", "ences",
        "ables", "ibles", "euses", "ments", "ance", "ence", "able", "ible", "euse", "eurs", "ment", "ives",
        "ings", "ing", "eur", "ive", "ers", "ees", "ies", "ied", "ons", "ent", "ait", "ais", "ez", "er", "ed", "es", "ee",
        "e", "s", "x",
    ];

    // Four letters at least: a three-letter stem ("com" from "coment") lands on unrelated short words.
    private const int MinStem = 4;

    public static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        if (word.Length < 4 || !char.IsAsciiLetter(word[^1]))
        {
            return word;
        }

        foreach (var suffix in Suffixes)
        {
            if (word.Length - suffix.Length >= MinStem && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }
}
