namespace OptOutBot.Engine.Matching;

/// <summary>
/// Scores topics for a question. Each topic is known by its example questions, keywords and title in every
/// language (topic ids are shared, so a question in English can find a topic while the reply stays in French).
/// Score = 0.6 × best cosine against one example (idf-weighted terms) + 0.4 × the share of the question's weight
/// the topic's whole vocabulary explains. Deterministic: ties break by topic order.
/// </summary>
internal sealed class TopicMatcher
{
    private const float ExampleWeight = 0.6f;
    private const float CoverageWeight = 0.4f;
    private const float KeywordBoost = 1.5f;
    private const float CorrectedTrust = 0.75f;

    private readonly TermAnalyzer _analyzer;
    private readonly string[] _topicIds;
    private readonly int[] _exampleTopic;
    private readonly string[] _exampleText;
    private readonly float[] _exampleNorm;
    private readonly int[][] _termExamples;   // term -> examples containing it
    private readonly (int Topic, float Weight)[][] _termTopics; // term -> topics whose vocabulary has it (weight 1, or boost for keywords)
    private readonly float[] _idf;
    private readonly float _unknownIdf;

    [ThreadStatic]
    private static float[]? t_exampleDots;

    [ThreadStatic]
    private static float[]? t_topicScores;

    [ThreadStatic]
    private static float[]? t_finalScores;

    [ThreadStatic]
    private static float[]? t_covered;

    private readonly bool[] _social;

    public TopicMatcher(TermAnalyzer analyzer, IReadOnlyList<TopicDocument> topics)
    {
        _analyzer = analyzer;
        _topicIds = topics.Select(t => t.TopicId).ToArray();
        _social = topics.Select(t => t.Social).ToArray();
        var examples = new List<(int Topic, string Text, int[] Terms)>();
        var topicTerms = new Dictionary<int, float>[topics.Count];
        for (var t = 0; t < topics.Count; t++)
        {
            topicTerms[t] = [];
            foreach (var text in topics[t].Examples)
            {
                var terms = analyzer.Learn(text).Distinct().ToArray();
                if (terms.Length > 0)
                {
                    examples.Add((t, text, terms));
                }

                foreach (var term in terms)
                {
                    topicTerms[t].TryAdd(term, 1f);
                }
            }

            foreach (var text in topics[t].Titles)
            {
                var terms = analyzer.Learn(text).Distinct().ToArray();
                examples.Add((t, text, terms));
                foreach (var term in terms)
                {
                    topicTerms[t].TryAdd(term, 1f);
                }
            }

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
        foreach (var terms in topicTerms)
        {
            foreach (var term in terms.Keys)
            {
                df[term]++;
            }
        }

        _idf = new float[termCount];
        for (var i = 0; i < termCount; i++)
        {
            _idf[i] = MathF.Log(1f + (topics.Count / (float)Math.Max(1, df[i])));
        }

        // An unknown word weighs like a word shared by an eighth of the topics: enough that a question mostly
        // about something else falls back, not so much that one slang word sinks a real question.
        _unknownIdf = MathF.Log(1f + (topics.Count / 8f));

        _exampleTopic = examples.Select(e => e.Topic).ToArray();
        _exampleText = examples.Select(e => e.Text).ToArray();
        _exampleNorm = examples.Select(e => MathF.Sqrt(e.Terms.Sum(x => _idf[x] * _idf[x]))).ToArray();
        var termExamples = new List<int>[termCount];
        for (var e = 0; e < examples.Count; e++)
        {
            foreach (var term in examples[e].Terms)
            {
                (termExamples[term] ??= []).Add(e);
            }
        }

        _termExamples = termExamples.Select(l => l?.ToArray() ?? []).ToArray();
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

    /// <summary>Scores every topic; returns the three best (score descending, then topic order).</summary>
    public MatchResult Match(ReadOnlySpan<char> question)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[8];
        var count = _analyzer.Analyze(question, terms, stopHits);
        var result = new MatchResult { StopHitsFirst = stopHits[0], StopHitsSecond = stopHits[1], TermCount = count };
        if (count == 0)
        {
            return result;
        }

        var dots = t_exampleDots ??= new float[_exampleTopic.Length];
        var scores = t_topicScores ??= new float[_topicIds.Length];
        if (dots.Length != _exampleTopic.Length)
        {
            dots = t_exampleDots = new float[_exampleTopic.Length];
        }

        if (scores.Length != _topicIds.Length)
        {
            scores = t_topicScores = new float[_topicIds.Length];
        }

        var covered = t_covered ??= new float[_topicIds.Length];
        if (covered.Length != _topicIds.Length)
        {
            covered = t_covered = new float[_topicIds.Length];
        }

        Array.Clear(dots);
        Array.Clear(scores);
        Array.Clear(covered);
        float queryNormSq = 0, queryMass = 0;
        var known = 0;
        for (var i = 0; i < count; i++)
        {
            var term = terms[i];
            if (terms[..i].Contains(term) && term >= 0)
            {
                continue; // repeated word
            }

            var trust = 1f;
            if (term >= 0 && (term & TermAnalyzer.CorrectedFlag) != 0)
            {
                term &= ~TermAnalyzer.CorrectedFlag;
                trust = CorrectedTrust;
            }

            var w = term < 0 ? _unknownIdf : _idf[term];
            var wq = w * trust;
            queryNormSq += w * w;
            queryMass += w;
            if (term < 0)
            {
                continue;
            }

            known++;
            foreach (var e in _termExamples[term])
            {
                dots[e] += wq * w;
            }

            foreach (var (topic, boost) in _termTopics[term])
            {
                scores[topic] += wq * boost;
                covered[topic] += wq;
            }
        }

        result.KnownTerms = known;
        if (known == 0)
        {
            return result;
        }

        var queryNorm = MathF.Sqrt(queryNormSq);
        for (var t = 0; t < scores.Length; t++)
        {
            scores[t] = CoverageWeight * Math.Min(1f, scores[t] / queryMass);
        }

        Span<float> topicBest = _topicIds.Length <= 512 ? stackalloc float[_topicIds.Length] : new float[_topicIds.Length];
        topicBest.Clear();
        for (var e = 0; e < dots.Length; e++)
        {
            if (dots[e] > 0)
            {
                var cos = dots[e] / (queryNorm * _exampleNorm[e]);
                var topic = _exampleTopic[e];
                if (cos > topicBest[topic])
                {
                    topicBest[topic] = cos;
                }
            }
        }

        for (var t = 0; t < scores.Length; t++)
        {
            scores[t] += ExampleWeight * topicBest[t];
            if (_social[t])
            {
                // "Bonjour, comment je m'oppose ?" is a question, not a greeting: a greeting wins only when it is most of the text.
                scores[t] *= covered[t] / queryMass;
            }

            result.Offer(t, scores[t]);
        }

        t_finalScores = scores;
        result.FirstCoverage = result.First >= 0 ? covered[result.First] / queryMass : 0;

        return result;
    }

    public string TopicId(int index) => _topicIds[index];

    private float[] ScoreAll(string question)
    {
        var match = Match(question);
        var all = new float[_topicIds.Length];
        if (match.KnownTerms > 0)
        {
            // Match left every topic's final score in the thread's buffer.
            t_finalScores!.AsSpan(0, all.Length).CopyTo(all);
        }

        return all;
    }

    /// <summary>Why each of the best topics scored what it did, for <c>ask --explain</c>. Not on the hot path.</summary>
    public IReadOnlyList<MatchExplanation> Explain(string question, int top = 5)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[8];
        var count = _analyzer.Analyze(question, terms, stopHits);
        var queryTerms = terms[..count].ToArray().Select(t => t < 0 ? t : t & ~TermAnalyzer.CorrectedFlag).Distinct().ToArray();
        var words = queryTerms.Select(t => t < 0 ? "?" : _analyzer.TermName(t)).ToArray();
        var all = ScoreAll(question);
        var list = new List<MatchExplanation>();
        foreach (var (topic, score) in all.Select((score, topic) => (topic, score)).Where(x => x.score > 0).OrderByDescending(x => x.score).ThenBy(x => x.topic).Take(top))
        {
            var bestExample = string.Empty;
            float bestCos = 0;
            for (var e = 0; e < _exampleTopic.Length; e++)
            {
                if (_exampleTopic[e] != topic)
                {
                    continue;
                }

                float dot = 0;
                foreach (var t in queryTerms)
                {
                    if (t >= 0 && Array.IndexOf(_termExamples[t], e) >= 0)
                    {
                        dot += _idf[t] * _idf[t];
                    }
                }

                var norm = MathF.Sqrt(queryTerms.Sum(t => t < 0 ? _unknownIdf * _unknownIdf : _idf[t] * _idf[t]));
                var cos = dot == 0 ? 0 : dot / (norm * _exampleNorm[e]);
                if (cos > bestCos)
                {
                    bestCos = cos;
                    bestExample = _exampleText[e];
                }
            }

            var matched = queryTerms.Where(t => t >= 0 && _termTopics[t].Any(x => x.Topic == topic)).Select(t => _analyzer.TermName(t)).ToArray();
            list.Add(new MatchExplanation(_topicIds[topic], score, bestCos, bestExample, matched));
        }

        return list;
    }

    /// <summary>The set of terms of a text, as a comparable key: two texts with the same key are indistinguishable to the matcher.</summary>
    public string TermKey(string text)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[8];
        var count = _analyzer.Analyze(text, terms, stopHits);
        return string.Join(' ', terms[..count].ToArray().Select(t => t < 0 ? "?" : _analyzer.TermName(t & ~TermAnalyzer.CorrectedFlag)).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>The question's terms as the matcher sees them ("?" for unknown words).</summary>
    public IReadOnlyList<string> Terms(string question)
    {
        Span<int> terms = stackalloc int[TermAnalyzer.MaxTokens];
        Span<int> stopHits = stackalloc int[8];
        var count = _analyzer.Analyze(question, terms, stopHits);
        return terms[..count].ToArray().Select(t => t < 0 ? "?" : (t & TermAnalyzer.CorrectedFlag) != 0 ? _analyzer.TermName(t & ~TermAnalyzer.CorrectedFlag) + "~" : _analyzer.TermName(t)).ToArray();
    }
}

/// <summary>The example questions, keywords and titles of one topic, all languages together.</summary>
/// <param name="Social">Greetings and thanks: they win only when they are most of what was said.</param>
internal sealed record TopicDocument(string TopicId, IReadOnlyList<string> Examples, IReadOnlyList<string> Keywords, IReadOnlyList<string> Titles, bool Social = false);

/// <summary>One line of <c>ask --explain</c>.</summary>
public sealed record MatchExplanation(string TopicId, float Score, float BestExampleCosine, string BestExample, IReadOnlyList<string> MatchedTerms);

/// <summary>The three best topics of a question (indexes into the matcher), kept without allocation.</summary>
internal struct MatchResult
{
    public int First = -1, Second = -1, Third = -1;
    public float FirstScore, SecondScore, ThirdScore;
    public int TermCount, KnownTerms, StopHitsFirst, StopHitsSecond;

    /// <summary>The share of the question's weight that the best topic's vocabulary explains (0..1).</summary>
    public float FirstCoverage;

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
