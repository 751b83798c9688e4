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

    /// <summary>The canonical form of a stop phrase: the phrase is dropped.</summary>
    private const string StopPhrase = "";

    /// <summary>Off-topic terms are named "~word"; "~" cannot come out of folding, so no content word can collide.</summary>
    private const string OffTopicPrefix = "~";

    private readonly Dictionary<string, int> _terms = new(StringComparer.Ordinal);
    private readonly List<string> _termNames = [];
    private readonly Dictionary<string, int> _surface = new(StringComparer.Ordinal); // folded word -> term id (or StopTerm)
    private readonly Dictionary<string, string> _synonyms = new(StringComparer.Ordinal); // folded variant -> canonical
    private readonly List<(string Entry, string Canonical)> _shadowedOffTopic = [];
    private readonly Dictionary<string, List<(string[] Words, string Canonical)>> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _stopLanguages = new(StringComparer.Ordinal); // bit per language
    private readonly Dictionary<string, List<string>> _deletes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _surfaceLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _termLookup;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _synonymLookup;
    private readonly Dictionary<string, List<(string[] Words, string Canonical)>>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;
    private readonly Dictionary<string, ulong>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;
    private readonly Dictionary<string, List<string>>.AlternateLookup<ReadOnlySpan<char>> _deleteLookup;
    private readonly Dictionary<string, string> _broaderNames = new(StringComparer.Ordinal); // "belgium" -> "europ"
    private readonly Dictionary<string, Stemmer> _offTopicStemmer = new(StringComparer.Ordinal); // off-topic word or stem -> its language's stemmer
    private readonly Dictionary<string, Stemmer>.AlternateLookup<ReadOnlySpan<char>> _offTopicStemmerLookup;
    private readonly Dictionary<string, ulong> _contentLanguages = new(StringComparer.Ordinal); // word -> languages whose content uses it
    private readonly Dictionary<string, ulong>.AlternateLookup<ReadOnlySpan<char>> _contentLanguageLookup;
    private readonly Stemmer[] _stemmers = Enumerable.Repeat(Stemmer.Light, MaxLanguages).ToArray(); // per language index
    private Stemmer[] _distinctStemmers = [Stemmer.Light];
    private int[] _broader = [];
    private bool _frozen;

    public TermAnalyzer()
    {
        _surfaceLookup = _surface.GetAlternateLookup<ReadOnlySpan<char>>();
        _termLookup = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
        _synonymLookup = _synonyms.GetAlternateLookup<ReadOnlySpan<char>>();
        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _stopLookup = _stopLanguages.GetAlternateLookup<ReadOnlySpan<char>>();
        _deleteLookup = _deletes.GetAlternateLookup<ReadOnlySpan<char>>();
        _offTopicStemmerLookup = _offTopicStemmer.GetAlternateLookup<ReadOnlySpan<char>>();
        _contentLanguageLookup = _contentLanguages.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int TermCount => _terms.Count;

    public string TermName(int id) => _termNames[id];

    /// <summary>The most languages whose stop words can be told apart (one bit each).</summary>
    public const int MaxLanguages = 64;

    /// <summary>How many languages gave stop words: the size of the span <see cref="Analyze"/> counts them in.</summary>
    public int LanguageCount { get; private set; }

    /// <summary>Adds a language's stop words; <paramref name="languageIndex"/> (0..63) is used to guess the language of a question.</summary>
    /// <remarks>
    /// A stop word of several words once folded ("j'ai", "il y a", "du coup") is ignored only as a whole: its parts
    /// keep their own meaning ("ai" alone is the English "AI", so "j'ai" must not turn into it).
    /// </remarks>
    public void AddStopWords(IEnumerable<string> words, int languageIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(languageIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(languageIndex, MaxLanguages);
        LanguageCount = Math.Max(LanguageCount, languageIndex + 1);
        foreach (var word in words)
        {
            var tokens = TextNormalizer.Fold(word).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 1)
            {
                _stopLanguages[tokens[0]] = _stopLanguages.GetValueOrDefault(tokens[0]) | (1UL << languageIndex);
            }
            else if (tokens.Length > 1)
            {
                AddPhrase(tokens, StopPhrase);
            }
        }
    }

    /// <summary>Names the stemmer of a language (lexicon.yaml <c>stemmer:</c>; French and English share <see cref="Stemmer.Light"/>).</summary>
    public void SetStemmer(int languageIndex, Stemmer stemmer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(languageIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(languageIndex, MaxLanguages);
        _stemmers[languageIndex] = stemmer;
    }

    /// <summary>
    /// Adds an off-topic word or phrase: it becomes a term of its own that no topic may use (the content validator
    /// checks it), so a question about it is mostly about something else and falls back.
    /// </summary>
    public void AddOffTopic(MatchText entry)
    {
        var words = TextNormalizer.Fold(entry.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return;
        }

        var target = OffTopicPrefix + string.Join('_', words);
        if (words.Length > 1)
        {
            AddPhrase(words, target);
            return;
        }

        if (!_synonyms.TryAdd(words[0], target) && !_synonyms[words[0]].StartsWith(OffTopicPrefix, StringComparison.Ordinal))
        {
            // The word already means something to the lexicon (a synonym of a topic word): listing it here would do
            // nothing at all, so the validator reports it like any other off-topic word a topic uses. (Already another
            // off-topic entry, e.g. the stem of "soupe" for "soup": fine, it is off-topic either way.)
            _shadowedOffTopic.Add((words[0], _synonyms[words[0]]));
            return;
        }

        var stemmer = _stemmers[entry.Language];
        _offTopicStemmer.TryAdd(words[0], stemmer);
        var stem = stemmer.Stem(words[0]).ToString();
        if (stem != words[0] && _synonyms.TryAdd(stem, target)) // "recettes" / "recette" both land on it
        {
            _offTopicStemmer.TryAdd(stem, stemmer);
        }
    }

    /// <summary>
    /// Makes <paramref name="canonical"/> also count as <paramref name="broader"/>: "belgique" is the term belgium (the
    /// complaint goes to the Belgian authority) and also europ (the person is in Europe).
    /// </summary>
    public void AddBroader(string canonical, string broader)
    {
        var narrow = TextNormalizer.Fold(canonical).Replace(" ", string.Empty, StringComparison.Ordinal);
        var wide = TextNormalizer.Fold(broader).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (narrow.Length > 0 && wide.Length > 0 && narrow != wide)
        {
            _synonyms.TryAdd(narrow, narrow);
            _synonyms.TryAdd(wide, wide);
            _broaderNames.TryAdd(narrow, wide);
        }
    }

    /// <summary>Off-topic entries that were already a lexicon word, with the canonical word they stand for.</summary>
    public IReadOnlyList<(string Entry, string Canonical)> ShadowedOffTopic => _shadowedOffTopic;

    /// <summary>True for a term that comes from the off-topic list.</summary>
    public bool IsOffTopic(int id) => _termNames[id].StartsWith(OffTopicPrefix, StringComparison.Ordinal);

    private void AddPhrase(string[] words, string target)
    {
        if (!_phrases.TryGetValue(words[0], out var list))
        {
            _phrases[words[0]] = list = [];
        }

        if (!list.Any(p => p.Words.AsSpan().SequenceEqual(words.AsSpan(1))))
        {
            list.Add((words[1..], target));
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length)); // longest phrase first
        }
    }

    /// <param name="languageIndex">The language whose lexicon lists it (its words then tell the question's language), or -1.</param>
    public void AddSynonym(string canonical, string variant, int languageIndex = -1)
    {
        var target = TextNormalizer.Fold(canonical).Replace(" ", string.Empty, StringComparison.Ordinal);
        var words = TextNormalizer.Fold(variant).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (target.Length == 0 || words.Length == 0)
        {
            return;
        }

        // The canonical word typed as is must land on the same term as its variants (not on its stem).
        _synonyms.TryAdd(target, target);
        if (languageIndex >= 0)
        {
            foreach (var word in words)
            {
                MarkLanguage(word, languageIndex);
            }
        }

        if (words.Length == 1)
        {
            _synonyms.TryAdd(words[0], target);
            return;
        }

        AddPhrase(words, target);
    }

    /// <summary>
    /// Analyses content text (examples, keywords, titles), adding its words to the vocabulary. Only the text's own
    /// language's stop words are dropped, and its words are stemmed by that language's stemmer: "son" in an English
    /// example is a word although French lists it as a stop word.
    /// </summary>
    public List<int> Learn(MatchText text)
    {
        if (_frozen)
        {
            throw new InvalidOperationException("The vocabulary is frozen.");
        }

        var ids = new List<int>();
        AddBroaderTerms(ids, LearnTerms(text.Text, text.Language));
        return ids;
    }

    private void AddBroaderTerms(List<int> ids, List<int> terms)
    {
        foreach (var id in terms)
        {
            ids.Add(id);
            if (_termNames[id] is var name && _broaderNames.TryGetValue(name, out var wide))
            {
                ids.Add(Intern(wide, wide));
            }
        }
    }

    private void MarkLanguage(string word, int language) =>
        _contentLanguages[word] = _contentLanguages.GetValueOrDefault(word) | (1UL << language);

    private List<int> LearnTerms(string text, int language)
    {
        var languageBit = 1UL << language;
        var ids = new List<int>();
        var folded = TextNormalizer.Fold(text);
        var tokens = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var (canonical, consumed) = MatchPhrase(tokens, i);
            if (canonical is not null)
            {
                if (canonical.Length > 0)
                {
                    ids.Add(Intern(canonical, canonical));
                }

                i += consumed - 1;
                continue;
            }

            var word = tokens[i];
            MarkLanguage(word, language);
            if (_stopLanguages.TryGetValue(word, out var stopIn) && (stopIn & languageBit) != 0)
            {
                continue; // Freeze makes it a stop term unless another language's content uses it
            }

            if (_synonyms.TryGetValue(word, out var synonym))
            {
                ids.Add(Intern(synonym, word));
                continue;
            }

            var stem = _stemmers[language].Stem(word).ToString();
            ids.Add(_synonyms.TryGetValue(stem, out var stemSynonym) ? Intern(stemSynonym, word) : Intern(stem, word));
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

        // A phrase no topic uses (an off-topic one) still needs its term when a question contains it.
        foreach (var (_, canonical) in _phrases.Values.SelectMany(list => list).Where(p => p.Canonical.Length > 0))
        {
            Intern(canonical, canonical);
        }

        foreach (var (narrow, wide) in _broaderNames)
        {
            Intern(narrow, narrow);
            Intern(wide, wide);
        }

        _broader = new int[_terms.Count];
        for (var i = 0; i < _broader.Length; i++)
        {
            _broader[i] = _broaderNames.TryGetValue(_termNames[i], out var wide) ? _terms[wide] : -1;
        }

        foreach (var stop in _stopLanguages.Keys)
        {
            _surface.TryAdd(stop, StopTerm);
        }

        _distinctStemmers = _stemmers.Take(Math.Max(LanguageCount, 1)).Distinct().ToArray();

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

        // The question's language first: its stop words are ignored and its stemmer is tried first. Its stop words
        // tell it; when they tie ("la", "es" and "de" are French and Spanish), so do the words the languages' lexicons
        // and examples use ("oposición" is Spanish).
        Span<int> wordHits = stackalloc int[stopHits.Length];
        for (var i = 0; i < tokenCount; i++)
        {
            var token = folded[tokens[i]];
            var stops = _stopLookup.TryGetValue(token, out var stop) ? stop : 0;
            Count(stops, stopHits);
            Count(stops | (_contentLanguageLookup.TryGetValue(token, out var content) ? content : 0), wordHits);
        }

        var dominant = LanguageGuess.Dominant(stopHits);
        if (dominant == LanguageGuess.Unclear && LanguageGuess.Dominant(wordHits) is var byWords and not LanguageGuess.Unclear)
        {
            dominant = byWords;
            wordHits.CopyTo(stopHits); // the caller reads the same guess
        }
        var count = 0;
        for (var i = 0; i < tokenCount && count < termIds.Length; i++)
        {
            var word = folded[tokens[i]];
            if (_phraseLookup.TryGetValue(word, out var phrases) && TryPhrase(phrases, folded, tokens[(i + 1)..tokenCount], out var canonical, out var rest))
            {
                if (canonical.Length > 0)
                {
                    count = Write(termIds, count, _terms[canonical]);
                }

                i += rest;
                continue;
            }

            if (_stopLookup.TryGetValue(word, out var stopIn))
            {
                // A stop word of another language may be a word of this one ("son" is French for "his", English
                // for a child): it counts when the question's language is clear and its content uses the word.
                if (dominant >= 0 && (stopIn & (1UL << dominant)) == 0 && _surfaceLookup.TryGetValue(word, out var own) && own >= 0)
                {
                    count = Write(termIds, count, own);
                }

                continue;
            }

            var id = Resolve(word, dominant);
            if (id == -1 && IsNumber(word))
            {
                continue; // a number no topic uses ("2026", "3 days") says nothing about the topic
            }

            if (id != StopTerm)
            {
                count = Write(termIds, count, id);
            }
        }

        return count;
    }

    /// <summary>One step per language the word belongs to (usually one), however many languages there are.</summary>
    private static void Count(ulong languages, Span<int> hits)
    {
        for (var bits = languages; bits != 0; bits &= bits - 1)
        {
            var l = System.Numerics.BitOperations.TrailingZeroCount(bits);
            if (l < hits.Length)
            {
                hits[l]++;
            }
        }
    }

    private int Write(Span<int> termIds, int count, int id)
    {
        termIds[count++] = id;
        if (id >= 0 && _broader[id & ~CorrectedFlag] is var wide && wide >= 0 && count < termIds.Length)
        {
            termIds[count++] = wide | (id & CorrectedFlag);
        }

        return count;
    }

    private int Resolve(ReadOnlySpan<char> word, int language)
    {
        if (_surfaceLookup.TryGetValue(word, out var known))
        {
            return known;
        }

        if (_synonymLookup.TryGetValue(word, out var synonym))
        {
            return _terms[synonym];
        }

        // An inflection the content does not use as written: the question's language's stemmer first, then the others
        // (a German word in a French question is still German).
        if (language >= 0 && TryStem(_stemmers[language], word) is var own and not -1)
        {
            return own;
        }

        foreach (var stemmer in _distinctStemmers)
        {
            if ((language < 0 || stemmer != _stemmers[language]) && TryStem(stemmer, word) is var stemmed and not -1)
            {
                return stemmed;
            }
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

    private int TryStem(Stemmer stemmer, ReadOnlySpan<char> word)
    {
        var stem = stemmer.Stem(word);
        if (_termLookup.TryGetValue(stem, out var stemmed))
        {
            return OffTopicOfAnotherLanguage(stem, stemmer) ? -1 : stemmed;
        }

        return _synonymLookup.TryGetValue(stem, out var stemSynonym) && !OffTopicOfAnotherLanguage(stem, stemmer) ? _terms[stemSynonym] : -1;
    }

    /// <summary>
    /// An off-topic word is off-topic in its own language: the Spanish stem of "dinero" is the French off-topic "diner"
    /// (dinner), and "italiano" stems to the English "italian", but neither question is about food or Italian lessons.
    /// </summary>
    private bool OffTopicOfAnotherLanguage(ReadOnlySpan<char> stem, Stemmer stemmer) =>
        _offTopicStemmerLookup.TryGetValue(stem, out var own) && own != stemmer;

    /// <summary>The known word nearest to <paramref name="word"/> within its edit budget, or null.</summary>
    private string? Correct(ReadOnlySpan<char> word)
    {
        var max = MaxEdits(word.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        Span<char> buffer = stackalloc char[word.Length];
        Span<char> buffer2 = stackalloc char[word.Length];

        // Typos almost never change the first letter; requiring it keeps "bread" from becoming "read".
        // A stop word is a fair correction ("coment" is "comment"), but a content word wins at the same distance.
        var bestIsStop = false;
        void Consider(string candidate, ReadOnlySpan<char> query)
        {
            if (candidate[0] != query[0])
            {
                return;
            }

            var d = EditDistance.Compute(query, candidate, max);
            var isStop = _stopLanguages.ContainsKey(candidate);
            if (d <= max && (best is null || d < bestDistance
                || (d == bestDistance && (bestIsStop && !isStop || (bestIsStop == isStop && string.CompareOrdinal(candidate, best) < 0)))))
            {
                best = candidate;
                bestDistance = d;
                bestIsStop = isStop;
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
        if (word.IsEmpty)
        {
            return false;
        }

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
