using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.Es;
using Lucene.Net.Analysis.It;

namespace OptOutBot.Engine.Matching;

/// <summary>
/// A stemming algorithm a language's <c>lexicon.yaml</c> names (<c>stemmer:</c>). Input is a folded word (lower case,
/// accents removed); the stem it returns may live in a per-thread buffer, so use it before the next call on the thread.
/// Adding a language with one of these needs no code; a new algorithm is one more subclass in <see cref="Named"/>.
/// </summary>
internal abstract class Stemmer
{
    /// <summary>The default: French and English share the light suffix stripper the lexicons' canonical forms are written in.</summary>
    public static readonly Stemmer Light = new LightSuffixStemmer();

    private static readonly Dictionary<string, Stemmer> ByName = new(StringComparer.Ordinal)
    {
        ["light"] = Light,
        ["german-light"] = new LuceneLightStemmer("german-light", new GermanLightStemmer().Stem),
        ["spanish-light"] = new LuceneLightStemmer("spanish-light", new SpanishLightStemmer().Stem),
        ["italian-light"] = new LuceneLightStemmer("italian-light", new ItalianLightStemmer().Stem),
        ["dutch"] = new SnowballDutchStemmer(),
    };

    /// <summary>The names a lexicon may give, for the validator's message.</summary>
    public static IEnumerable<string> Names => ByName.Keys;

    public static Stemmer? Named(string name) => ByName.GetValueOrDefault(name);

    public abstract string Name { get; }

    public abstract ReadOnlySpan<char> Stem(ReadOnlySpan<char> word);

    /// <summary>Words longer than this are not stemmed by the buffer-based stemmers (no real word is).</summary>
    protected const int MaxWordLength = 48;

    /// <summary>
    /// A deliberately light suffix stripper shared by French and English: it only needs to make "opposer",
    /// "opposition" and "oppose", or "messages" and "message", meet on both the index side and the query side.
    /// </summary>
    private sealed class LightSuffixStemmer : Stemmer
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

        public override string Name => "light";

        public override ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
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

    /// <summary>
    /// Lucene's light stemmers for German, Spanish and Italian (Savoy's algorithms): they work in place on a char
    /// array and keep no state, so one instance serves every thread; each thread has its own buffer.
    /// </summary>
    private sealed class LuceneLightStemmer(string name, Func<char[], int, int> stem) : Stemmer
    {
        [ThreadStatic]
        private static char[]? t_buffer;

        public override string Name => name;

        public override ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
        {
            if (word.Length < 4 || word.Length > MaxWordLength)
            {
                return word;
            }

            var buffer = t_buffer ??= new char[MaxWordLength];
            word.CopyTo(buffer);
            return buffer.AsSpan(0, stem(buffer, word.Length));
        }
    }

    /// <summary>
    /// The Snowball Dutch stemmer (Lucene has no light one for Dutch). Snowball programs keep state, so each thread
    /// has its own; it takes strings, which costs one allocation per word it has to stem (only words the content
    /// does not know as they are written reach a stemmer).
    /// </summary>
    private sealed class SnowballDutchStemmer : Stemmer
    {
        [ThreadStatic]
        private static Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer? t_stemmer;

        public override string Name => "dutch";

        public override ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
        {
            if (word.Length < 4 || word.Length > MaxWordLength)
            {
                return word;
            }

            var stemmer = t_stemmer ??= new Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer();
            stemmer.SetCurrent(word.ToString());
            stemmer.Stem();
            return stemmer.Current;
        }
    }
}
