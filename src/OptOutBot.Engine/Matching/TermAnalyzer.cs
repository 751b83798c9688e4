namespace OptOutBot.Engine.Matching;

/// <summary>
/// Turns text into term ids: fold, tokenise, multi-word synonyms, stop words, single-word synonyms, stemming, and,
/// for an unknown word of 4+ letters, the nearest known word within 1 edit (2 from 8 letters; SymSpell-style
/// deletion index, so no scan of the vocabulary). Built once from the content; read-only and thread-safe after.
/// </summary>
internal sealed class TermAnalyzer
{
    public const int MaxQuestionChars = 400;
    public const int MaxTokens = 64;

    /// <summary>Set on a term id that came from typo correction: the matcher trusts it a little less.</summary>
    public const int CorrectedFlag = 1 << 30;
    private const int StopTerm = -2;

    private readonly Dictionary<string, int> _terms = new(StringComparer.Ordinal);
    private readonly List<string> _termNames = [];
    private readonly Dictionary<string, int> _surface = new(StringComparer.Ordinal); // folded word -> term id (or StopTerm)
    private readonly Dictionary<string, string> _synonyms = new(StringComparer.Ordinal); // folded variant -> canonical
    private readonly Dictionary<string, List<(string[] Words, string Canonical)>> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte> _stopLanguages = new(StringComparer.Ordinal); // bit per language
    private readonly Dictionary<string, List<string>> _deletes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _surfaceLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _termLookup;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _synonymLookup;
    private readonly Dictionary<string, List<(string[] Words, string Canonical)>>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;
    private readonly Dictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;
    private readonly Dictionary<string, List<string>>.AlternateLookup<ReadOnlySpan<char>> _deleteLookup;
    private bool _frozen;

    public TermAnalyzer()
    {
        _surfaceLookup = _surface.GetAlternateLookup<ReadOnlySpan<char>>();
        _termLookup = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
        _synonymLookup = _synonyms.GetAlternateLookup<ReadOnlySpan<char>>();
        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _stopLookup = _stopLanguages.GetAlternateLookup<ReadOnlySpan<char>>();
        _deleteLookup = _deletes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int TermCount => _terms.Count;

    public string TermName(int id) => _termNames[id];

    /// <summary>Adds a language's stop words; <paramref name="languageIndex"/> (0..7) is used to guess the language of a question.</summary>
    public void AddStopWords(IEnumerable<string> words, int languageIndex)
    {
        foreach (var word in words)
        {
            foreach (var token in TextNormalizer.Fold(word).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                _stopLanguages[token] = (byte)(_stopLanguages.GetValueOrDefault(token) | (1 << languageIndex));
            }
        }
    }

    public void AddSynonym(string canonical, string variant)
    {
        var target = TextNormalizer.Fold(canonical).Replace(" ", string.Empty, StringComparison.Ordinal);
        var words = TextNormalizer.Fold(variant).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (target.Length == 0 || words.Length == 0)
        {
            return;
        }

        // The canonical word typed as is must land on the same term as its variants (not on its stem).
        _synonyms.TryAdd(target, target);
        if (words.Length == 1)
        {
            _synonyms.TryAdd(words[0], target);
            return;
        }

        if (!_phrases.TryGetValue(words[0], out var list))
        {
            _phrases[words[0]] = list = [];
        }

        list.Add((words[1..], target));
        list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length)); // longest phrase first
    }

    /// <summary>Analyses content text (examples, keywords, titles), adding its words to the vocabulary.</summary>
    public List<int> Learn(string text)
    {
        if (_frozen)
        {
            throw new InvalidOperationException("The vocabulary is frozen.");
        }

        var ids = new List<int>();
        var folded = TextNormalizer.Fold(text);
        var tokens = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var (canonical, consumed) = MatchPhrase(tokens, i);
            if (canonical is not null)
            {
                ids.Add(Intern(canonical, canonical));
                i += consumed - 1;
                continue;
            }

            var word = tokens[i];
            if (_stopLanguages.ContainsKey(word))
            {
                _surface.TryAdd(word, StopTerm);
                continue;
            }

            if (_synonyms.TryGetValue(word, out var synonym))
            {
                ids.Add(Intern(synonym, word));
                continue;
            }

            ids.Add(Intern(Stemmer.Stem(word).ToString(), word));
        }

        return ids;
    }

    /// <summary>Ends learning: indexes deletions of every known word for typo lookup. Call once, before <see cref="Analyze"/>.</summary>
    public void Freeze()
    {
        foreach (var (variant, canonical) in _synonyms)
        {
            _surface.TryAdd(variant, Intern(canonical, canonical));
        }

        foreach (var stop in _stopLanguages.Keys)
        {
            _surface.TryAdd(stop, StopTerm);
        }

        foreach (var word in _surface.Keys)
        {
            if (word.Length >= 4)
            {
                foreach (var deletion in Deletions(word, MaxEdits(word.Length)))
                {
                    if (!_deletes.TryGetValue(deletion, out var list))
                    {
                        _deletes[deletion] = list = [];
                    }

                    if (!list.Contains(word))
                    {
                        list.Add(word);
                    }
                }
            }
        }

        foreach (var list in _deletes.Values)
        {
            list.Sort(StringComparer.Ordinal); // determinism
        }

        _frozen = true;
    }

    /// <summary>
    /// Analyses a question into <paramref name="termIds"/>; returns how many terms were written. Unknown words are
    /// written as -1 (they still weigh on the score: a question mostly about something else should not match).
    /// <paramref name="stopHits"/> counts stop words per language index, to guess the question's language.
    /// </summary>
    public int Analyze(ReadOnlySpan<char> text, Span<int> termIds, Span<int> stopHits)
    {
        if (text.Length > MaxQuestionChars)
        {
            text = text[..MaxQuestionChars];
        }

        Span<char> folded = stackalloc char[text.Length * 2];
        var length = TextNormalizer.Fold(text, folded);
        folded = folded[..length];

        Span<Range> tokens = stackalloc Range[MaxTokens];
        var tokenCount = Tokenize(folded, tokens);
        var count = 0;
        for (var i = 0; i < tokenCount && count < termIds.Length; i++)
        {
            var word = folded[tokens[i]];
            if (_phraseLookup.TryGetValue(word, out var phrases) && TryPhrase(phrases, folded, tokens[(i + 1)..tokenCount], out var canonical, out var rest))
            {
                termIds[count++] = _terms[canonical];
                i += rest;
                continue;
            }

            if (_stopLookup.TryGetValue(word, out var languages))
            {
                for (var l = 0; l < stopHits.Length; l++)
                {
                    if ((languages & (1 << l)) != 0)
                    {
                        stopHits[l]++;
                    }
                }

                continue;
            }

            var id = Resolve(word);
            if (id != StopTerm)
            {
                termIds[count++] = id;
            }
        }

        return count;
    }

    private int Resolve(ReadOnlySpan<char> word)
    {
        if (_surfaceLookup.TryGetValue(word, out var known))
        {
            return known;
        }

        if (_synonymLookup.TryGetValue(word, out var synonym))
        {
            return _terms[synonym];
        }

        if (_termLookup.TryGetValue(Stemmer.Stem(word), out var stemmed))
        {
            return stemmed;
        }

        if (word.Length >= MinCorrectable && !IsNumber(word))
        {
            var corrected = Correct(word);
            if (corrected is not null)
            {
                return _surface[corrected] is var id && id >= 0 ? id | CorrectedFlag : id;
            }
        }

        return -1;
    }

    /// <summary>The known word nearest to <paramref name="word"/> within its edit budget, or null.</summary>
    private string? Correct(ReadOnlySpan<char> word)
    {
        var max = MaxEdits(word.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        Span<char> buffer = stackalloc char[word.Length];
        Span<char> buffer2 = stackalloc char[word.Length];

        // Typos almost never change the first letter; requiring it keeps "bread" from becoming "read".
        void Consider(string candidate, ReadOnlySpan<char> query)
        {
            if (candidate[0] != query[0] || _stopLanguages.ContainsKey(candidate))
            {
                return;
            }

            var d = EditDistance.Compute(query, candidate, max);
            if (d <= max && (d < bestDistance || (d == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = d;
            }
        }

        // The query itself may be a deletion of a known word (a letter missing: "facebok").
        if (_deleteLookup.TryGetValue(word, out var direct))
        {
            foreach (var candidate in direct)
            {
                Consider(candidate, word);
            }
        }

        // Deletions of the query, at distance 1 (and 2 for long words), against known words and their deletions.
        for (var i = 0; i < word.Length; i++)
        {
            word[..i].CopyTo(buffer);
            word[(i + 1)..].CopyTo(buffer[i..]);
            var d1 = buffer[..(word.Length - 1)];
            CheckDeletion(d1, word, Consider);
            if (max >= 2)
            {
                for (var j = 0; j < d1.Length; j++)
                {
                    d1[..j].CopyTo(buffer2);
                    d1[(j + 1)..].CopyTo(buffer2[j..]);
                    CheckDeletion(buffer2[..(d1.Length - 1)], word, Consider);
                }
            }
        }

        return best;
    }

    private delegate void Candidate(string candidate, ReadOnlySpan<char> query);

    private void CheckDeletion(ReadOnlySpan<char> deletion, ReadOnlySpan<char> query, Candidate consider)
    {
        if (_surfaceLookup.TryGetValue(deletion, out var known, out _))
        {
            consider(known, query);
        }

        if (_deleteLookup.TryGetValue(deletion, out var words))
        {
            foreach (var candidate in words)
            {
                consider(candidate, query);
            }
        }
    }

    // Four-letter words have too many one-letter neighbours ("near" / "year", "lose" / "close") to correct safely.
    private const int MinCorrectable = 5;

    private static int MaxEdits(int length) => length >= 9 ? 2 : 1;

    private static bool IsNumber(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> Deletions(string word, int max)
    {
        var level = new HashSet<string>(StringComparer.Ordinal) { word };
        var all = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < max; d++)
        {
            var next = new HashSet<string>(StringComparer.Ordinal);
            foreach (var w in level)
            {
                if (w.Length <= 2)
                {
                    continue;
                }

                for (var i = 0; i < w.Length; i++)
                {
                    var deletion = w.Remove(i, 1);
                    if (all.Add(deletion))
                    {
                        next.Add(deletion);
                    }
                }
            }

            level = next;
        }

        return all;
    }

    private static int Tokenize(ReadOnlySpan<char> text, Span<Range> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length && count < tokens.Length)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            var start = i;
            while (i < text.Length && text[i] != ' ')
            {
                i++;
            }

            if (i > start)
            {
                tokens[count++] = new Range(start, i);
            }
        }

        return count;
    }

    private static bool TryPhrase(List<(string[] Words, string Canonical)> phrases, ReadOnlySpan<char> text, ReadOnlySpan<Range> following, out string canonical, out int consumed)
    {
        foreach (var (rest, target) in phrases)
        {
            if (rest.Length > following.Length)
            {
                continue;
            }

            var ok = true;
            for (var k = 0; k < rest.Length && ok; k++)
            {
                ok = text[following[k]].SequenceEqual(rest[k]);
            }

            if (ok)
            {
                canonical = target;
                consumed = rest.Length;
                return true;
            }
        }

        canonical = string.Empty;
        consumed = 0;
        return false;
    }

    private (string? Canonical, int Consumed) MatchPhrase(string[] tokens, int i)
    {
        if (!_phrases.TryGetValue(tokens[i], out var phrases))
        {
            return (null, 0);
        }

        foreach (var (rest, target) in phrases)
        {
            if (i + rest.Length < tokens.Length)
            {
                var ok = true;
                for (var k = 0; k < rest.Length && ok; k++)
                {
                    ok = tokens[i + 1 + k] == rest[k];
                }

                if (ok)
                {
                    return (target, rest.Length + 1);
                }
            }
        }

        return (null, 0);
    }

    private int Intern(string term, string surface)
    {
        if (!_terms.TryGetValue(term, out var id))
        {
            id = _terms.Count;
            _terms[term] = id;
            _termNames.Add(term);
        }

        _surface.TryAdd(surface, id);
        return id;
    }
}
