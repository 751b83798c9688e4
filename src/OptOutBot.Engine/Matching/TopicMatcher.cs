namespace OptOutBot.Engine.Matching;

/// <summary>
/// Scores topics for a question. Each topic is known by its example questions, keywords and title in every
/// language (topic ids are shared, so a question in English can find a topic while the reply stays in French).
/// Score = 0.6 × best cosine against one example (idf-weighted terms) + 0.4 × the share of the question's weight
/// the topic's whole vocabulary explains. Only words that can carry intent weigh: stop words, unknown numbers and
/// (when something else was said) greetings and thanks weigh nothing; an unknown word weighs a little (a city, a
/// name, an aside must not sink a clear match); an off-topic word weighs the most (it says the question is about
/// something else). Deterministic: ties break by topic order.
/// </summary>
internal sealed class TopicMatcher
{
    private const float ExampleWeight = 0.5f;
    private const float CoverageWeight = 0.5f;
    private const float KeywordBoost = 1.5f;
    private const float CorrectedTrust = 0.75f;

    /// <summary>
    /// An example whose polarity differs from the question's ("I did not get the email" against "I got the email")
    /// counts this much: negation changes what is asked even when every other word is the same.
    /// </summary>
    private const float PolarityMismatch = 0.8f;

    /// <summary>A word used this many times in the content's examples weighs fully; one used once weighs half.</summary>
    private const int SalientUses = 3;

    /// <summary>
    /// A topic about one place (its keywords name a country: "complain-dpa-nl") when the question names another place:
    /// "beschwerde in polen" is not a Dutch question, however alike the rest of the words are.
    /// </summary>
    private const float PlaceMismatch = 0.8f;

    /// <summary>
    /// A question with the very words of one of a topic's examples, when no other topic has an example nearly as close,
    /// is that topic's question: the bot answers it rather than asking which of two close topics was meant. One word
    /// is not enough ("formulaire" is in many topics' examples, alone in some): it still gets the choice.
    /// </summary>
    private const float SameAsAnExample = 0.99f;

    private const float NearAnExample = 0.95f;

    /// <summary>A word this many topics use is a word of the domain ("instagram", "meta"), not of one topic.</summary>
    private const int DomainWordTopics = 4;

    /// <summary>How much the last topic's own words count in a short follow-up ("et sur instagram ?").</summary>
    private const float ContextWeight = 0.5f;

    /// <summary>
    /// An off-topic example that does not say what the bot is about (AI, training, objecting) when the question does
    /// counts this much: "do my whatsapp chats feed the AI?" is not "how do I back up my whatsapp chats". Likewise, in
    /// that comparison, a topic's example that says one the question does not.
    /// </summary>
    private const float SubjectMissing = 0.8f;

    /// <summary>
    /// An example about other platforms than the question's ("how do I stop meta using my data" against "how do I stop
    /// instagram using my photos") counts this much: where the question is asked changes which answer fits, though the
    /// platform names weigh little. An example that names no platform, or one of the question's beside it, is not concerned.
    /// </summary>
    private const float OtherPlatform = 0.9f;

    /// <summary>Added to a topic's score bound so that float rounding never skips a topic that ties the third best.</summary>
    private const float BoundSlack = 1e-4f;

    private readonly TermAnalyzer _analyzer;
    private readonly string[] _topicIds;
    private readonly int[] _exampleTopic;
    private readonly string[] _exampleText;
    private readonly int _maxTopicExamples;
    private readonly float[] _exampleNorm;
    private readonly int[] _exampleStart; // topic -> its first example (examples are in topic order), plus the end
    private readonly int[] _postings; // every term's examples, grouped by term, then by topic
    private readonly int[] _postingStart; // [term × (topics + 1) + topic] -> where that topic's examples of the term start in _postings
    private readonly float[] _share; // [term × (topics + 1) + topic] -> the most the term's weight is of one of that topic's examples' norm
    private readonly (int Topic, float Weight)[][] _termTopics; // term -> topics whose vocabulary has it (weight 1, or boost for keywords)
    private readonly int[][] _topicContext; // topic -> the terms of its titles, added to a follow-up
    private readonly float[] _idf;
    private readonly bool[] _socialOnly; // term -> only greetings/thanks use it
    private readonly bool[] _offTopic;
    private readonly bool[] _exampleNegated;
    private readonly int _negation; // the term of "not", "never", "pas", "jamais"…, or -1
    private readonly float _unknownWeight;
    private readonly float _offTopicWeight;
    private readonly bool[] _social;
    private readonly bool[] _qualifier;
    private readonly bool[] _platform; // names a service or company: not an intent word
    private readonly ulong[] _subjectBit; // term -> its bit among the subject terms, or 0
    private readonly ulong[] _exampleSubjects; // example -> the subject terms it says
    private readonly ulong[] _platformBit; // term -> its bit among the platform terms, or 0
    private readonly ulong[] _ownedBits; // term -> the bits of the platforms it owns (meta -> facebook, instagram…), or 0
    private readonly ulong[] _examplePlatforms; // example -> the platforms it names
    private readonly bool[] _place; // a qualifier that is a place, not a year
    private readonly bool[] _salient; // used in several examples, or a keyword: what a topic is about, not an aside
    private readonly int[][] _topicPlaces; // topic -> the places its keywords name (empty for most topics)

    /// <summary>The off-topic examples' pseudo-topic (the last index), or -1: it competes like a topic and is never answered.</summary>
    private readonly int _offTopicDocument;
    private readonly int _firstOffTopicExample; // examples are in topic order, so the off-topic ones come last

    [ThreadStatic]
    private static Buffers? t_buffers;

    /// <param name="negation">The canonical term of negation in the lexicon ("not"); its presence is the question's polarity.</param>
    /// <param name="platforms">Canonical terms that name a service ("facebook"): they say where, not what is asked, so
    /// they are no intent word ("how many users does facebook have" comes down to [facebook] and falls back).</param>
    /// <param name="subject">Canonical terms of what the bot is about ("ai", "train", "optout"): an off-topic example
    /// that lacks one the question says counts less against it.</param>
    /// <param name="owners">Platform -> the company that owns it (instagram -> meta): a question naming the company names
    /// each of its platforms, for the other-platform rule.</param>
    /// <param name="qualifiers">Canonical terms that narrow a question without saying what it asks (countries): they weigh
    /// like an unknown word at most, and a question of qualifiers alone ("weather in Brussels") matches nothing.</param>
    public TopicMatcher(TermAnalyzer analyzer, IReadOnlyList<TopicDocument> topics, IReadOnlyList<MatchText>? offTopic = null, string negation = "not", IReadOnlyList<string>? qualifiers = null, IReadOnlyList<string>? platforms = null, IReadOnlyList<string>? subject = null, IReadOnlyList<KeyValuePair<string, string>>? owners = null)
    {
        _analyzer = analyzer;
        _topicIds = topics.Select(t => t.TopicId).ToArray();
        _social = topics.Select(t => t.Social).ToArray();
        _offTopicDocument = -1;
        for (var t = 0; t < topics.Count; t++)
        {
            if (topics[t].OffTopic)
            {
                _offTopicDocument = t;
            }
        }

        foreach (var entry in offTopic ?? [])
        {
            analyzer.AddOffTopic(entry);
        }

        var examples = new List<(int Topic, string Text, int[] Terms)>();
        var topicTerms = new Dictionary<int, float>[topics.Count];
        var titleTerms = new int[topics.Count][];
        for (var t = 0; t < topics.Count; t++)
        {
            topicTerms[t] = [];
            foreach (var text in topics[t].Examples)
            {
                var terms = analyzer.Learn(text).Distinct().ToArray();
                if (terms.Length > 0)
                {
                    examples.Add((t, text.Text, terms));
                }

                foreach (var term in terms)
                {
                    topicTerms[t].TryAdd(term, 1f);
                }
            }

            var titles = new List<int>();
            foreach (var text in topics[t].Titles)
            {
                var terms = analyzer.Learn(text).Distinct().ToArray();
                examples.Add((t, text.Text, terms));
                titles.AddRange(terms);
                foreach (var term in terms)
                {
                    topicTerms[t].TryAdd(term, 1f);
                }
            }

            titleTerms[t] = titles.Distinct().ToArray();
            foreach (var keyword in topics[t].Keywords)
            {
                foreach (var term in analyzer.Learn(keyword))
                {
                    topicTerms[t][term] = KeywordBoost;
                }
            }
        }

        analyzer.Freeze();
        var termCount = analyzer.TermCount;

        // idf over topics: a word found in every topic's vocabulary tells little.
        var df = new int[termCount];
        var nonSocial = new bool[termCount];
        for (var t = 0; t < topicTerms.Length; t++)
        {
            foreach (var term in topicTerms[t].Keys)
            {
                df[term]++;
                nonSocial[term] |= !_social[t];
            }
        }

        // How often the content uses a word: one that appears in a single example ("says", "bad") is incidental
        // there, not what the topic is about, so it weighs less — on both sides: it neither decides nor sinks a match.
        var uses = new int[termCount];
        foreach (var (_, _, terms) in examples)
        {
            foreach (var term in terms)
            {
                uses[term]++;
            }
        }

        foreach (var terms in topicTerms)
        {
            foreach (var (term, weight) in terms)
            {
                if (weight > 1f)
                {
                    uses[term] += SalientUses; // a keyword is salient by the author's choice
                }
            }
        }

        _idf = new float[termCount];
        _socialOnly = new bool[termCount];
        _offTopic = new bool[termCount];
        _salient = new bool[termCount];
        _negation = -1;
        for (var i = 0; i < termCount; i++)
        {
            if (analyzer.TermName(i) == negation)
            {
                _negation = i;
            }

            _idf[i] = MathF.Log(1f + (topics.Count / (float)Math.Max(1, df[i]))) * Math.Min(1f, (uses[i] + 1f) / (SalientUses + 1f));
            _socialOnly[i] = df[i] > 0 && !nonSocial[i];
            _offTopic[i] = analyzer.IsOffTopic(i);
            _salient[i] = uses[i] >= SalientUses;
        }

        // An unknown word weighs like a word shared by a third of the topics: a city, a name or an aside lowers
        // the confidence a little; several of them (a question about something else) make it fall back.
        _unknownWeight = MathF.Log(1f + 3f);

        // An off-topic word weighs like the rarest word: it is what the question is about.
        _offTopicWeight = MathF.Log(1f + topics.Count);

        // A place says where the person is, not what they ask: "hello from Dublin, how do I object?" is an objection
        // question. Capped in the question only: the examples keep its full weight, so it still tells apart two topics
        // that share the intent ("complain" + "belgium" against "complain").
        // A year ("2010", "2026") is a qualifier too: "mes photos de 2010" asks about photos, whatever the examples' years.
        _qualifier = new bool[termCount];
        for (var i = 0; i < termCount; i++)
        {
            _qualifier[i] = IsYear(analyzer.TermName(i));
        }

        foreach (var name in qualifiers ?? [])
        {
            var folded = TextNormalizer.Fold(name).Replace(" ", string.Empty, StringComparison.Ordinal);
            for (var i = 0; i < termCount; i++)
            {
                if (analyzer.TermName(i) == folded)
                {
                    _qualifier[i] = true;
                }
            }
        }

        _platform = NamedTerms(analyzer, platforms);
        _platformBit = Bits(_platform);

        _ownedBits = new ulong[termCount];
        foreach (var (platform, owner) in owners ?? [])
        {
            var platformTerm = Array.IndexOf(NamedTerms(analyzer, [platform]), true);
            var ownerTerm = Array.IndexOf(NamedTerms(analyzer, [owner]), true);
            if (platformTerm >= 0 && ownerTerm >= 0 && ownerTerm != platformTerm)
            {
                _ownedBits[ownerTerm] |= _platformBit[platformTerm];
            }
        }

        _subjectBit = Bits(NamedTerms(analyzer, subject));

        _place = Enumerable.Range(0, termCount).Select(i => _qualifier[i] && !IsYear(analyzer.TermName(i))).ToArray();
        _topicPlaces = topicTerms.Select(terms => terms.Where(x => x.Value > 1f && _place[x.Key]).Select(x => x.Key).ToArray()).ToArray();
        _topicContext = titleTerms.Select(terms => terms.Where(x => !_offTopic[x]).ToArray()).ToArray();
        _exampleTopic = examples.Select(e => e.Topic).ToArray();
        _firstOffTopicExample = _offTopicDocument >= 0 && Array.IndexOf(_exampleTopic, _offTopicDocument) is var first && first >= 0 ? first : _exampleTopic.Length;
        _exampleText = examples.Select(e => e.Text).ToArray();
        _exampleNorm = examples.Select(e => MathF.Sqrt(e.Terms.Sum(x => _idf[x] * _idf[x]))).ToArray();
        _exampleSubjects = examples.Select(e => e.Terms.Aggregate(0ul, (mask, term) => mask | _subjectBit[term])).ToArray();
        _examplePlatforms = examples.Select(e => e.Terms.Aggregate(0ul, (mask, term) => mask | _platformBit[term])).ToArray();
        _exampleNegated = examples.Select(e => _negation >= 0 && e.Terms.Contains(_negation)).ToArray();
        var termExamples = new List<int>[termCount];
        for (var e = 0; e < examples.Count; e++)
        {
            foreach (var term in examples[e].Terms)
            {
                (termExamples[term] ??= []).Add(e);
            }
        }

        // Postings by term and topic, so that one topic's examples can be scored without touching the others'.
        var topicCount = topics.Count;
        _exampleStart = new int[topicCount + 1];
        for (int t = 0, e = 0; t <= topicCount; t++)
        {
            while (e < _exampleTopic.Length && _exampleTopic[e] < t)
            {
                e++;
            }

            _exampleStart[t] = e;
        }

        // Examples are in topic order, so a topic's count is the gap between its start and the next one's.
        for (var t = 0; t < topicCount; t++)
        {
            _maxTopicExamples = Math.Max(_maxTopicExamples, _exampleStart[t + 1] - _exampleStart[t]);
        }

        _postingStart = new int[(termCount * (topicCount + 1)) + 1];
        var postings = new List<int>();
        for (var term = 0; term < termCount; term++)
        {
            var list = termExamples[term] ?? [];
            var next = 0;
            for (var t = 0; t <= topicCount; t++)
            {
                _postingStart[(term * (topicCount + 1)) + t] = postings.Count;
                while (t < topicCount && next < list.Count && _exampleTopic[list[next]] == t)
                {
                    postings.Add(list[next++]);
                }
            }
        }

        _postingStart[^1] = postings.Count;
        _postings = [.. postings];
        _share = new float[_postingStart.Length];
        for (var term = 0; term < termCount; term++)
        {
            foreach (var e in termExamples[term] ?? [])
            {
                var at = (term * (topicCount + 1)) + _exampleTopic[e];
                _share[at] = Math.Max(_share[at], _exampleNorm[e] > 0 ? _idf[term] / _exampleNorm[e] : 0);
            }
        }
        var termTopics = new List<(int, float)>[termCount];
        for (var t = 0; t < topics.Count; t++)
        {
            foreach (var (term, weight) in topicTerms[t])
            {
                (termTopics[term] ??= []).Add((t, weight));
            }
        }

        _termTopics = termTopics.Select(l => l?.ToArray() ?? []).ToArray();
    }

    public int TopicCount => _topicIds.Length;

    /// <summary>
    /// A qualifier weighs at most half as much again as an unknown word: enough to pick "Portugal" over "Luxembourg"
    /// when both authorities are called CNPD, not enough to turn "hello from Dublin, how do I object?" into a complaint.
    /// </summary>
    private float QueryWeight(int term) => _qualifier[term] ? Math.Min(_idf[term], 1.5f * _unknownWeight) : _idf[term];

    private static bool[] NamedTerms(TermAnalyzer analyzer, IReadOnlyList<string>? names)
    {
        var named = new bool[analyzer.TermCount];
        foreach (var name in names ?? [])
        {
            var folded = TextNormalizer.Fold(name).Replace(" ", string.Empty, StringComparison.Ordinal);
            for (var i = 0; i < named.Length; i++)
            {
                named[i] |= analyzer.TermName(i) == folded;
            }
        }

        return named;
    }

    /// <summary>One bit per named term (the first 64: a mask per example and per question), 0 for the others.</summary>
    private static ulong[] Bits(bool[] named)
    {
        var bits = new ulong[named.Length];
        for (int i = 0, bit = 0; i < named.Length && bit < 64; i++)
        {
            if (named[i])
            {
                bits[i] = 1ul << bit++;
            }
        }

        return bits;
    }

    private static bool IsYear(string term) =>
        term.Length == 4 && (term.StartsWith("19", StringComparison.Ordinal) || term.StartsWith("20", StringComparison.Ordinal)) && term.All(char.IsAsciiDigit);

    public string TopicId(int index) => _topicIds[index];

    public int TopicIndex(string topicId) => Array.IndexOf(_topicIds, topicId) is var i && i != _offTopicDocument ? i : -1;

    /// <summary>Scores every topic; returns the three best (score descending, then topic order).</summary>
    /// <param name="contextTopic">The conversation's last topic, for a short follow-up: its title words join the question at half weight.</param>
    public MatchResult Match(ReadOnlySpan<char> question, int contextTopic = -1) => Run(question, contextTopic, null);

    private MatchResult Run(ReadOnlySpan<char> question, int contextTopic, List<(string Term, float Weight)>? weights)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[_analyzer.LanguageCount];
        var count = _analyzer.Analyze(question, terms, stopHits);
        var result = new MatchResult { Language = LanguageGuess.Dominant(stopHits), TermCount = count };
        if (count == 0)
        {
            return result;
        }

        var b = t_buffers ??= new Buffers();
        b.Reset(_exampleTopic.Length, _topicIds.Length, _exampleTopic.Length - _firstOffTopicExample, _maxTopicExamples);
        var scores = b.Scores;
        var covered = b.Covered;

        // Greetings and thanks weigh only for the greeting and thanks topics: for every other topic they are not
        // part of the question ("hi, how do i opt out? thanks" is an opt-out question).
        float queryNormSq = 0, queryMass = 0, ownMass = 0, ownCovered = 0, socialMass = 0, socialNormSq = 0;
        var negated = false;
        var known = 0;
        var subjects = 0ul; // the subject terms the question says
        var namesAPlatform = false;
        Span<int> places = stackalloc int[4];
        var placeCount = 0;
        for (var i = 0; i < count; i++)
        {
            var term = terms[i];
            if (term >= 0 && terms[..i].Contains(term))
            {
                continue; // repeated word
            }

            var trust = 1f;
            if (term >= 0 && (term & TermAnalyzer.CorrectedFlag) != 0)
            {
                term &= ~TermAnalyzer.CorrectedFlag;
                if (terms[..i].Contains(term))
                {
                    continue;
                }

                trust = CorrectedTrust;
            }

            float w;
            if (term < 0)
            {
                w = _unknownWeight;
                result.UnknownTerms++;
            }
            else if (_offTopic[term])
            {
                w = _offTopicWeight;
                result.OffTopicTerms++;
            }
            else if (_socialOnly[term])
            {
                w = _idf[term];
                socialMass += w;
                socialNormSq += w * w;
            }
            else
            {
                w = QueryWeight(term);
                negated |= term == _negation;
            }

            weights?.Add((term < 0 ? "?" : _analyzer.TermName(term), w));
            queryNormSq += w * w;
            queryMass += w;
            ownMass += w;
            if (term < 0 || _offTopic[term])
            {
                continue;
            }

            known++;
            subjects |= _subjectBit[term];
            namesAPlatform |= _platform[term];
            if (!_qualifier[term] && !_socialOnly[term] && !_platform[term])
            {
                result.IntentTerms++;
                result.SalientIntentTerms += _salient[term] ? 1 : 0;
            }
            else if (_place[term] && placeCount < places.Length)
            {
                places[placeCount++] = term;
            }

            Add(term, w * trust, b);
        }

        if (contextTopic >= 0 && known > 0)
        {
            foreach (var term in _topicContext[contextTopic])
            {
                // "et sur instagram ?" after the Facebook steps asks the same about another platform: the last
                // topic's platform names give way to the one the question names.
                if (terms[..count].Contains(term) || terms[..count].Contains(term | TermAnalyzer.CorrectedFlag) || _socialOnly[term]
                    || (namesAPlatform && _platform[term]))
                {
                    continue;
                }

                var w = QueryWeight(term) * ContextWeight;
                result.IntentTerms += _qualifier[term] ? 0 : 1;
                weights?.Add(("+" + _analyzer.TermName(term), w));
                queryNormSq += w * w;
                queryMass += w;
                Add(term, w, b);
            }
        }

        result.KnownTerms = known;
        if (known == 0)
        {
            return result;
        }

        b.ResolveOwners();

        var queryNorm = MathF.Sqrt(queryNormSq);
        var contentMass = queryMass - socialMass;
        var contentNorm = MathF.Sqrt(Math.Max(0, queryNormSq - socialNormSq));

        // Each topic's score is (coverage + ExampleWeight × its best example's cosine) × its factors (a place the
        // question does not name, a greeting that is not most of the text). Coverage and factors are known now; the
        // cosine is bounded by the share of the question's norm the topic's vocabulary holds (Cauchy–Schwarz), and by
        // the sum of each word's weight × its greatest share of one of the topic's examples' norm. So the
        // examples of a topic are scored only while that topic could still reach the best three: with six languages a
        // question's common words ("meta", "facebook") are in thousands of examples, most of them of topics that
        // cannot win.
        var bound = b.Bound;
        var factor = b.Factor;
        for (var t = 0; t < scores.Length; t++)
        {
            var mass = _social[t] ? queryMass : contentMass;
            scores[t] = mass > 0 ? CoverageWeight * Math.Min(1f, scores[t] / mass) : 0;
            var f = placeCount > 0 && _topicPlaces[t].Length > 0 && !NamesAPlace(_topicPlaces[t], places[..placeCount]) ? PlaceMismatch : 1f;
            if (_social[t])
            {
                // "Bonjour, comment je m'oppose ?" is a question, not a greeting: a greeting wins only when it is most of the text.
                f *= covered[t] / queryMass;
            }

            factor[t] = f;
            var norm = _social[t] ? queryNorm : contentNorm;
            var cosine = norm > 0 ? Math.Min(1f, Math.Min(MathF.Sqrt(b.Overlap[t]), b.Shares[t]) / norm) : 0;
            bound[t] = ((scores[t] + (ExampleWeight * cosine)) * f) + BoundSlack;
        }

        if (_offTopicDocument >= 0)
        {
            b.Done[_offTopicDocument] = true; // scored below, once the best topic's score is known
        }

        // Score the topic that could score most until none left could pass the third best ("ask --explain" scores all).
        var scored = new MatchResult();
        while (true)
        {
            var next = -1;
            for (var t = 0; t < scores.Length; t++)
            {
                if (!b.Done[t] && (next < 0 || bound[t] > bound[next]))
                {
                    next = t;
                }
            }

            if (next < 0 || (weights is null && (bound[next] <= BoundSlack || (scored.Third >= 0 && bound[next] < scored.ThirdScore))))
            {
                break;
            }

            b.Done[next] = true;
            ScoreExamples(next, negated, queryNorm, contentNorm, contentMass, b, keep: weights is not null);
            var score = (scores[next] + (ExampleWeight * b.TopicBest[next])) * factor[next];
            scores[next] = score;
            scored.Offer(next, score);
        }

        // In topic order, so that ties break as they always have (the earlier topic wins).
        for (var t = 0; t < scores.Length; t++)
        {
            if (b.Done[t] && t != _offTopicDocument)
            {
                result.Offer(t, scores[t]);
            }
        }

        // The off-topic examples matter only if they could score as much as the best topic (the question then falls back).
        // Like for like: an off-topic example is one question, so it competes with the best topic's nearest example
        // scored the same way (the share of the question that example contains, and its cosine), not with the topic's
        // whole vocabulary — six languages' examples together explain almost any word ("ändere", "passwort"). What the
        // topic's vocabulary adds beyond its nearest example is added to the off-topic score, so both stay on the
        // topic's scale (ask --explain shows them side by side): the question falls back when
        // off-topic example >= the topic's nearest example.
        var lift = 0f;
        if (_offTopicDocument >= 0 && result.First >= 0 && bound[_offTopicDocument] > BoundSlack)
        {
            lift = Math.Max(0, result.FirstScore - (NearestExampleScore(result.First, negated, contentNorm, contentMass, b, subjects) * factor[result.First]));
        }

        if (_offTopicDocument >= 0 && (weights is not null || bound[_offTopicDocument] + lift >= result.FirstScore))
        {
            ScoreExamples(_offTopicDocument, negated, queryNorm, contentNorm, contentMass, b, keep: weights is not null, subjects);
            scores[_offTopicDocument] = b.TopicBest[_offTopicDocument] + (b.TopicBest[_offTopicDocument] > 0 ? lift : 0);
            result.OffTopicScore = scores[_offTopicDocument];
        }

        var topicBest = b.TopicBest;

        // The decision looks at the question's own words: a follow-up's context words explain nothing it said.
        if (result.First >= 0)
        {
            result.FirstIsAnExample = result.IntentTerms >= 2 && topicBest[result.First] >= SameAsAnExample && (result.Second < 0 || topicBest[result.Second] < NearAnExample);

            // "welche Behörde in Luxemburg…": the best topic is about the place the question names, the runner-up about
            // no place (the general complaint topic): the person said where they are, so the place's answer is the one.
            result.FirstNamesThePlace = placeCount > 0 && NamesAPlace(_topicPlaces[result.First], places[..placeCount])
                && (result.Second < 0 || _topicPlaces[result.Second].Length == 0);
            ownCovered = OwnCovered(terms[..count], result.First);
            var mass = _social[result.First] ? ownMass : ownMass - socialMass;
            result.FirstCoverage = mass > 0 ? Math.Min(1f, ownCovered / mass) : 0;
        }

        return result;
    }

    /// <summary>
    /// The best cosine of <paramref name="topic"/>'s examples against the question, into <c>TopicBest</c>. Only that
    /// topic's postings of the question's words are walked, and its examples' sums are cleared after (unless
    /// <paramref name="keep"/>: <c>ask --explain</c> reads them).
    /// </summary>
    private void ScoreExamples(int topic, bool negated, float queryNorm, float contentNorm, float contentMass, Buffers b, bool keep, ulong subjects = 0)
    {
        var wasDirty = b.Dirty;
        b.Dirty = true; // until this topic's sums are cleared again
        var dots = b.Dots;
        var stride = _topicIds.Length + 1;
        var offTopic = topic == _offTopicDocument;
        for (var k = 0; k < b.QueryCount; k++)
        {
            var term = b.QueryTerms[k];
            var queryWeight = b.QueryWeights[k];
            var product = queryWeight * _idf[term];
            var at = (term * stride) + topic;
            for (var p = _postingStart[at]; p < _postingStart[at + 1]; p++)
            {
                var e = _postings[p];
                if (dots[e] == 0)
                {
                    b.Touch(e);
                }

                dots[e] += product;
                if (offTopic)
                {
                    b.OffTopicCover[e - _firstOffTopicExample] += queryWeight;
                }
            }
        }

        var norm = _social[topic] ? queryNorm : contentNorm;
        float best = 0;
        for (var i = 0; i < b.TouchedCount; i++)
        {
            var e = b.Touched[i];
            var dot = dots[e];
            if (!keep)
            {
                dots[e] = 0;
            }

            if (norm <= 0)
            {
                continue;
            }

            var cos = Math.Min(1f, dot / (norm * _exampleNorm[e]));
            if (_exampleNegated[e] != negated)
            {
                cos *= PolarityMismatch;
            }

            if (!offTopic)
            {
                cos *= PlatformFactor(_examplePlatforms[e], b.Platforms);
            }
            else
            {
                // Not the platform rule: "how do I change my name on instagram" is as off-topic as its facebook twin.
                // The off-topic examples are many questions with nothing in common, so their whole vocabulary
                // explains nothing: each example is scored like a topic of its own, on the share of the question it
                // contains. Sharing "facebook" with "how do I add a friend on facebook" does not make "how do I
                // object on facebook" off-topic; "how do I change my profile picture" is all in it.
                var cover = e - _firstOffTopicExample;
                cos = (CoverageWeight * Math.Min(1f, b.OffTopicCover[cover] / contentMass)) + (ExampleWeight * cos);
                if ((subjects & ~_exampleSubjects[e]) != 0)
                {
                    cos *= SubjectMissing;
                }

                if (!keep)
                {
                    b.OffTopicCover[cover] = 0;
                }
            }

            if (cos > best)
            {
                best = cos;
            }
        }

        b.TopicBest[topic] = best;
        b.TouchedCount = 0;
        b.Dirty = wasDirty || keep;
    }

    /// <summary>
    /// The best score of one of <paramref name="topic"/>'s examples taken alone, on the off-topic examples' terms: the
    /// share of the question's (non-social) weight the example contains, and its cosine. Uses its own scratch sums, so
    /// it can follow <see cref="ScoreExamples"/> (whose sums <c>ask --explain</c> keeps).
    /// </summary>
    private float NearestExampleScore(int topic, bool negated, float contentNorm, float contentMass, Buffers b, ulong subjects)
    {
        if (contentNorm <= 0 || contentMass <= 0)
        {
            return 0;
        }

        var wasDirty = b.Dirty;
        b.Dirty = true; // until the sums are cleared again
        var first = _exampleStart[topic];
        var dots = b.NearDots;
        var cover = b.NearCover;
        var stride = _topicIds.Length + 1;
        for (var k = 0; k < b.QueryCount; k++)
        {
            var term = b.QueryTerms[k];
            var queryWeight = b.QueryWeights[k];
            var product = queryWeight * _idf[term];
            var at = (term * stride) + topic;
            for (var p = _postingStart[at]; p < _postingStart[at + 1]; p++)
            {
                var i = _postings[p] - first;
                if (cover[i] == 0)
                {
                    b.Touch(i);
                }

                dots[i] += product;
                cover[i] += queryWeight;
            }
        }

        float best = 0;
        for (var k = 0; k < b.TouchedCount; k++)
        {
            var i = b.Touched[k];
            var e = first + i;
            var cos = Math.Min(1f, dots[i] / (contentNorm * _exampleNorm[e]));
            if (_exampleNegated[e] != negated)
            {
                cos *= PolarityMismatch;
            }

            cos *= PlatformFactor(_examplePlatforms[e], b.Platforms);

            var score = (CoverageWeight * Math.Min(1f, cover[i] / contentMass)) + (ExampleWeight * cos);
            if ((_exampleSubjects[e] & ~subjects) != 0)
            {
                // The other way round: the topic's example says the AI or the objection and the question does not
                // ("how do I delete a whatsapp conversation" against "are my whatsapp conversations used to train the AI?").
                score *= SubjectMissing;
            }

            best = Math.Max(best, score);
            dots[i] = 0;
            cover[i] = 0;
        }

        b.TouchedCount = 0;
        b.Dirty = wasDirty;
        return best;
    }

    /// <summary>
    /// How much an example's cosine counts for where it is asked (<see cref="OtherPlatform"/>). A question that names no
    /// platform is not concerned: counting platform examples less for it made a lone "formulaire" pick one topic
    /// instead of offering the choice.
    /// </summary>
    private static float PlatformFactor(ulong example, ulong question) =>
        question != 0 && (example & ~question) != 0 && (question & ~example) != 0 ? OtherPlatform : 1f;

    private static bool NamesAPlace(int[] topicPlaces, ReadOnlySpan<int> questionPlaces)
    {
        foreach (var place in questionPlaces)
        {
            if (Array.IndexOf(topicPlaces, place) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts a question word for the topics whose vocabulary has it, and keeps it for scoring their examples.</summary>
    private void Add(int term, float queryWeight, Buffers b)
    {
        b.AddQueryTerm(term, queryWeight);
        b.Platforms |= _platformBit[term];
        b.Owned |= _ownedBits[term];
        var at = term * (_topicIds.Length + 1);
        foreach (var (topic, boost) in _termTopics[term])
        {
            b.Scores[topic] += queryWeight * boost;
            b.Covered[topic] += queryWeight;
            b.Overlap[topic] += queryWeight * queryWeight;
            b.Shares[topic] += queryWeight * _share[at + topic];
        }
    }

    /// <summary>The weight of the question's own (deduplicated, trusted) words that <paramref name="topic"/>'s vocabulary explains.</summary>
    private float OwnCovered(ReadOnlySpan<int> terms, int topic)
    {
        float sum = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            var term = terms[i];
            if (term < 0)
            {
                continue;
            }

            var trust = (term & TermAnalyzer.CorrectedFlag) != 0 ? CorrectedTrust : 1f;
            term &= ~TermAnalyzer.CorrectedFlag;
            if (terms[..i].Contains(term) || terms[..i].Contains(term | TermAnalyzer.CorrectedFlag) || _offTopic[term])
            {
                continue;
            }

            foreach (var (t, _) in _termTopics[term])
            {
                if (t == topic)
                {
                    sum += QueryWeight(term) * trust;
                    break;
                }
            }
        }

        return sum;
    }

    /// <summary>Why each of the best topics scored what it did, for <c>ask --explain</c>. Not on the hot path.</summary>
    public MatchReport Explain(string question, int contextTopic = -1, int top = 5)
    {
        var weights = new List<(string Term, float Weight)>();
        var match = Run(question, contextTopic, weights);
        var list = new List<MatchExplanation>();
        if (match.KnownTerms > 0)
        {
            var b = t_buffers!;
            var queryTerms = weights.Select(w => w.Term).ToHashSet(StringComparer.Ordinal);
            foreach (var (topic, score) in b.Scores.Select((score, topic) => (topic, score)).Where(x => x.score > 0).OrderByDescending(x => x.score).ThenBy(x => x.topic).Take(top))
            {
                var bestExample = string.Empty;
                float bestDot = 0;
                for (var e = 0; e < _exampleTopic.Length; e++)
                {
                    if (_exampleTopic[e] == topic && b.Dots[e] / _exampleNorm[e] > bestDot)
                    {
                        bestDot = b.Dots[e] / _exampleNorm[e];
                        bestExample = _exampleText[e];
                    }
                }

                var matched = Enumerable.Range(0, _termTopics.Length)
                    .Where(t => _termTopics[t].Any(x => x.Topic == topic) && (queryTerms.Contains(_analyzer.TermName(t)) || queryTerms.Contains("+" + _analyzer.TermName(t))))
                    .Select(t => _analyzer.TermName(t)).ToArray();
                list.Add(new MatchExplanation(_topicIds[topic], score, b.TopicBest[topic], bestExample, matched));
            }
        }

        return new MatchReport(weights.Select(w => new TermWeight(w.Term, w.Weight)).ToArray(), list, match.FirstCoverage);
    }

    /// <summary>The set of terms of a text, as a comparable key: two texts with the same key are indistinguishable to the matcher.</summary>
    public string TermKey(string text)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[_analyzer.LanguageCount];
        var count = _analyzer.Analyze(text, terms, stopHits);
        return string.Join(' ', terms[..count].ToArray().Select(t => t < 0 ? "?" : _analyzer.TermName(t & ~TermAnalyzer.CorrectedFlag)).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>The question's terms as the matcher sees them ("?" for unknown words, "~" after a corrected typo).</summary>
    public IReadOnlyList<string> Terms(string question)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[_analyzer.LanguageCount];
        var count = _analyzer.Analyze(question, terms, stopHits);
        return terms[..count].ToArray().Select(t => t < 0 ? "?" : (t & TermAnalyzer.CorrectedFlag) != 0 ? _analyzer.TermName(t & ~TermAnalyzer.CorrectedFlag) + "~" : _analyzer.TermName(t)).ToArray();
    }

    /// <summary>
    /// True when <paramref name="text"/> comes down to one word of the domain (a word many topics use, like a
    /// platform's name): as an off-topic example it says
    /// nothing of its own ("how do i go live on instagram" is just [instagram] once "go" and "live" are stop words)
    /// and ties with every short question about that word ("et sur instagram ?"), which then falls back.
    /// </summary>
    public bool OneTopicWordOnly(string text)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[_analyzer.LanguageCount];
        var count = _analyzer.Analyze(text, terms, stopHits);
        for (var i = 0; i < count; i++)
        {
            var term = terms[i] & ~TermAnalyzer.CorrectedFlag;
            if (terms[i] < 0 || _offTopic[term] || _termTopics[term].Count(x => x.Topic != _offTopicDocument) < DomainWordTopics)
            {
                return false;
            }
        }

        return count == 1;
    }

    /// <summary>The off-topic entries some topic uses anyway (they would block that topic's questions), with the topic.</summary>
    public IEnumerable<(string Term, string TopicId)> OffTopicConflicts()
    {
        for (var term = 0; term < _termTopics.Length; term++)
        {
            if (_offTopic[term])
            {
                foreach (var (topic, _) in _termTopics[term].Where(x => x.Topic != _offTopicDocument))
                {
                    yield return (_analyzer.TermName(term)[1..].Replace('_', ' '), _topicIds[topic]);
                }
            }
        }

        foreach (var (entry, canonical) in _analyzer.ShadowedOffTopic)
        {
            var users = Enumerable.Range(0, _termTopics.Length)
                .Where(t => _analyzer.TermName(t) == canonical)
                .SelectMany(t => _termTopics[t].Where(x => x.Topic != _offTopicDocument).Select(x => _topicIds[x.Topic]))
                .Distinct()
                .ToList();
            foreach (var topic in users.Count > 0 ? users : ["(a lexicon synonym)"])
            {
                yield return (entry, topic);
            }
        }
    }

    /// <summary>Per-thread scratch arrays, so a turn allocates nothing.</summary>
    private sealed class Buffers
    {
        public float[] Dots = []; // example -> dot product with the question; zero again after each topic is scored
        public float[] OffTopicCover = []; // off-topic example -> the question's weight it contains; likewise
        public float[] NearDots = []; // one topic's example (from its first) -> dot product, for NearestExampleScore; zero after
        public float[] NearCover = []; // likewise, the question's weight the example contains
        public float[] Scores = [];
        public float[] Covered = [];
        public float[] Overlap = []; // topic -> sum of the squared weights of the question's words its vocabulary has
        public float[] Shares = []; // topic -> sum of the question's word weights × their greatest share of an example's norm
        public float[] Bound = []; // topic -> the most it can score
        public float[] Factor = [];
        public float[] TopicBest = [];
        public bool[] Done = [];
        public int[] QueryTerms = new int[TermAnalyzer.MaxTokens];
        public float[] QueryWeights = new float[TermAnalyzer.MaxTokens];
        public int QueryCount;
        public int[] Touched = []; // the examples of the topic being scored that share a word with the question
        public int TouchedCount;

        /// <summary>Dots or OffTopicCover may hold sums (left for <c>ask --explain</c>, or by a turn that threw).</summary>
        public bool Dirty;

        public ulong Platforms; // the platforms the question (and a follow-up's context) names
        public ulong Owned; // the platforms of the companies it names

        /// <summary>
        /// A company named alone ("my meta account") stands for each of its platforms; named beside one of them
        /// ("facebook: where is meta ai in the privacy centre"), the platform says which.
        /// </summary>
        public void ResolveOwners()
        {
            if ((Platforms & Owned) == 0)
            {
                Platforms |= Owned;
            }
        }

        public void Reset(int examples, int topics, int offTopicExamples, int maxTopicExamples)
        {
            if (Dirty || NearDots.Length != maxTopicExamples)
            {
                NearDots = new float[maxTopicExamples];
                NearCover = new float[maxTopicExamples];
            }

            if (Dirty || OffTopicCover.Length != offTopicExamples || Dots.Length != examples)
            {
                OffTopicCover = new float[offTopicExamples];
                Dots = new float[examples];
                Dirty = false;
            }

            if (Scores.Length != topics)
            {
                Scores = new float[topics];
                Covered = new float[topics];
                Overlap = new float[topics];
                Shares = new float[topics];
                Bound = new float[topics];
                Factor = new float[topics];
                TopicBest = new float[topics];
                Done = new bool[topics];
            }

            Array.Clear(Scores);
            Array.Clear(Covered);
            Array.Clear(Overlap);
            Array.Clear(Shares);
            Array.Clear(TopicBest);
            Array.Clear(Done);
            QueryCount = 0;
            TouchedCount = 0;
            Platforms = 0;
            Owned = 0;
            if (Touched.Length != examples)
            {
                Touched = new int[examples];
            }
        }

        public void Touch(int example) => Touched[TouchedCount++] = example;

        public void AddQueryTerm(int term, float weight)
        {
            if (QueryCount == QueryTerms.Length)
            {
                Array.Resize(ref QueryTerms, QueryCount * 2);
                Array.Resize(ref QueryWeights, QueryCount * 2);
            }

            QueryTerms[QueryCount] = term;
            QueryWeights[QueryCount++] = weight;
        }
    }
}

/// <summary>The example questions, keywords and titles of one topic, all languages together.</summary>
/// <param name="Social">Greetings and thanks: they win only when they are most of what was said.</param>
/// <param name="OffTopic">The off-topic examples (<c>offtopic.yaml</c>): scored like a topic; when it wins, the bot falls back.</param>
internal sealed record TopicDocument(string TopicId, IReadOnlyList<MatchText> Examples, IReadOnlyList<MatchText> Keywords, IReadOnlyList<MatchText> Titles, bool Social = false, bool OffTopic = false);

/// <summary>What <c>ask --explain</c> shows: each word's weight, the best topics, and the share of the question the best one explains.</summary>
public sealed record MatchReport(IReadOnlyList<TermWeight> Weights, IReadOnlyList<MatchExplanation> Topics, float Coverage);

/// <summary>A word of the question as the matcher weighed it ("?" unknown, "~x" off-topic, "+x" from the last topic, 0 = ignored).</summary>
public sealed record TermWeight(string Term, float Weight);

/// <summary>One line of <c>ask --explain</c>.</summary>
public sealed record MatchExplanation(string TopicId, float Score, float BestExampleCosine, string BestExample, IReadOnlyList<string> MatchedTerms);

/// <summary>The three best topics of a question (indexes into the matcher), kept without allocation.</summary>
internal struct MatchResult
{
    public int First = -1, Second = -1, Third = -1;
    public float FirstScore, SecondScore, ThirdScore;
    public int TermCount, KnownTerms, UnknownTerms, OffTopicTerms;

    /// <summary>The index of the content language the question's stop words point to, or <see cref="LanguageGuess.Unclear"/>.</summary>
    public int Language = LanguageGuess.Unclear;

    /// <summary>Known words that say what is asked: not a qualifier (a country), not a greeting or thanks.</summary>
    public int IntentTerms;

    /// <summary>The intent words that some topic is about (several examples use it, or a keyword), not incidental.</summary>
    public int SalientIntentTerms;

    /// <summary>The question says exactly what one of the best topic's examples says, and no other topic's example comes close.</summary>
    public bool FirstIsAnExample;

    /// <summary>The best topic is about the place the question names and the runner-up about no place.</summary>
    public bool FirstNamesThePlace;

    /// <summary>The share of the question's weight that the best topic's vocabulary explains (0..1).</summary>
    public float FirstCoverage;

    /// <summary>
    /// The score of the off-topic examples: a question closer to them than to any topic falls back. 0 without them, and
    /// 0 when they could not score as much as the best topic (they are then not scored at all).
    /// </summary>
    public float OffTopicScore;

    public MatchResult()
    {
    }

    public void Offer(int topic, float score)
    {
        if (score <= 0)
        {
            return;
        }

        if (First < 0 || score > FirstScore)
        {
            (Third, ThirdScore) = (Second, SecondScore);
            (Second, SecondScore) = (First, FirstScore);
            (First, FirstScore) = (topic, score);
        }
        else if (Second < 0 || score > SecondScore)
        {
            (Third, ThirdScore) = (Second, SecondScore);
            (Second, SecondScore) = (topic, score);
        }
        else if (Third < 0 || score > ThirdScore)
        {
            (Third, ThirdScore) = (topic, score);
        }
    }
}
