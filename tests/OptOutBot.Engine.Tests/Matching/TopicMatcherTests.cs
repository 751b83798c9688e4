using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>The scorer on a small hand-made content: which words decide, which only lower the confidence.</summary>
public sealed class TopicMatcherTests
{
    private static readonly TopicMatcher Matcher = Build();

    private static TopicMatcher Build()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["i", "the", "a", "how", "do", "to", "on", "my", "is", "it", "for", "what", "about", "and"], 0);
        analyzer.AddSynonym("hello", "hi");
        analyzer.AddSynonym("not", "didn");
        analyzer.AddSynonym("not", "never");
        analyzer.AddSynonym("optout", "opt out");
        analyzer.AddSynonym("kid", "kids");
        analyzer.AddSynonym("kid", "daughter");
        var topics = new[]
        {
            new TopicDocument("welcome", ["hi", "hello there"], [], ["Welcome"], Social: true),
            new TopicDocument("facebook-steps", ["how to opt out on facebook", "opt out facebook steps"], ["facebook"], ["Opt out on Facebook"]),
            new TopicDocument("instagram-steps", ["how to opt out on instagram", "opt out instagram steps"], ["instagram"], ["Opt out on Instagram"]),
            new TopicDocument("confirm-email", ["i got the confirmation email", "confirmation email received"], [], ["Confirmation email"]),
            new TopicDocument("no-confirmation", ["i didn't get the confirmation email", "confirmation email never came"], [], ["No confirmation"]),
            new TopicDocument("minors", ["what about kids", "my daughter is 16 is she concerned"], ["kid"], ["Children"]),
        };
        return new TopicMatcher(analyzer, topics, ["weather", "recipe"]);
    }

    private string Best(string question) => Matcher.Match(question) is { First: >= 0 } m ? Matcher.TopicId(m.First) : "-";

    /// <summary>
    /// Twelve topics about objecting on a platform (the concept "optout" is in all of them, so idf alone makes it the
    /// lightest word) and one about months (an incidental word of one example).
    /// </summary>
    private static TopicMatcher BuildConceptContent()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["i", "the", "a", "how", "do", "to", "on", "my", "is", "it", "for", "two", "that", "s", "says"], 0);
        analyzer.AddSynonym("optout", "object");
        analyzer.AddSynonym("optout", "objection");
        analyzer.AddSynonym("confirm", "confirmation");
        analyzer.AddSynonym("not", "never");
        var topics = Enumerable.Range(0, 12)
            .Select(i => new TopicDocument($"platform-{i}", [$"how to object on platform{i}", $"objection on platform{i}"], [], [$"Platform {i}"]))
            .Append(new TopicDocument("no-confirmation", ["the confirmation never arrived", "no confirmation after my objection"], [], ["No confirmation"]))
            .Append(new TopicDocument("waiting", ["waiting for months", "months of waiting bad", "three months already", "months and months"], [], ["Waiting"]))
            .ToArray();
        return new TopicMatcher(analyzer, topics, []);
    }

    private static readonly TopicMatcher ConceptContent = BuildConceptContent();

    [Fact]
    public void Match_ALexiconConceptWeighsAtLeastAsMuchAsAnUnknownWord()
    {
        var weights = ConceptContent.Explain("object zorglub").Weights;

        Assert.True(weights.Single(w => w.Term == "optout").Weight >= weights.Single(w => w.Term == "?").Weight, string.Join(", ", weights));
    }

    [Fact]
    public void Match_AWordOnlyAnotherTopicsExampleUses_IsAnAsideForTheBestTopic_NotAReasonToFallBack()
    {
        // "months" and "bad" are known only from the "waiting" topic: for "no-confirmation" they are asides.
        var match = ConceptContent.Match("the confirmation never arrived, months, bad");

        Assert.Equal("no-confirmation", ConceptContent.TopicId(match.First));
        Assert.True(match.FirstCoverage >= 0.6f, $"coverage {match.FirstCoverage}");
    }

    [Fact]
    public void Match_IncidentalWordsAlone_StillLowerTheCoverage()
    {
        // No concept of the question is explained by "waiting": its words are not read as asides.
        var match = ConceptContent.Match("months bad zorglub blorp");

        Assert.True(match.First < 0 || match.FirstCoverage < 0.6f, $"coverage {match.FirstCoverage}");
    }

    [Fact]
    public void Match_IntentWordsDecide()
    {
        Assert.Equal("facebook-steps", Best("opt out facebook"));
        Assert.Equal("instagram-steps", Best("how do i opt out on instagram"));
    }

    [Fact]
    public void Match_GreetingBesideAQuestion_NeitherPullsNorLowersTheMatch()
    {
        var plain = Matcher.Match("how to opt out on facebook");
        var greeted = Matcher.Match("hi! how to opt out on facebook");

        Assert.Equal("facebook-steps", Matcher.TopicId(greeted.First));
        Assert.Equal(plain.FirstScore, greeted.FirstScore, 3);
        Assert.Equal(1f, greeted.FirstCoverage, 3);
    }

    [Fact]
    public void Match_GreetingAlone_IsTheWelcome()
    {
        Assert.Equal("welcome", Best("hi"));
    }

    [Fact]
    public void Match_UnknownAside_LowersCoverageLessThanAnOffTopicWord()
    {
        var aside = Matcher.Match("opt out facebook zorglub");
        var offTopic = Matcher.Match("opt out facebook weather");

        Assert.Equal("facebook-steps", Matcher.TopicId(aside.First));
        Assert.True(aside.FirstCoverage > 0.6f, $"an unknown word sank the match: coverage {aside.FirstCoverage}");
        Assert.True(offTopic.FirstCoverage < aside.FirstCoverage, $"{offTopic.FirstCoverage} vs {aside.FirstCoverage}");
        Assert.Equal(1, offTopic.OffTopicTerms);
    }

    [Fact]
    public void Match_OffTopicQuestionWithOneDomainWord_IsMostlyExplainedByNothing()
    {
        var match = Matcher.Match("facebook weather recipe");

        Assert.True(match.FirstCoverage < 0.5f, $"coverage {match.FirstCoverage}");
    }

    [Fact]
    public void Match_Negation_ChoosesTheNegatedTopic()
    {
        Assert.Equal("no-confirmation", Best("I did not get the confirmation email".Replace("did not", "didn", StringComparison.Ordinal)));
        Assert.Equal("confirm-email", Best("I got the confirmation email"));
    }

    [Fact]
    public void Match_FollowUpWithTheLastTopic_KeepsTheActionAndSwapsThePlatform()
    {
        var context = Matcher.TopicIndex("facebook-steps");

        var followUp = Matcher.Match("and instagram", context);

        Assert.Equal("instagram-steps", Matcher.TopicId(followUp.First));
        Assert.Equal(1f, followUp.FirstCoverage, 3); // the decision looks at what was said: "instagram"
    }

    [Fact]
    public void Match_IsDeterministic()
    {
        var a = Matcher.Match("opt out");
        var b = Matcher.Match("opt out");

        Assert.Equal((a.First, a.Second, a.FirstScore), (b.First, b.Second, b.FirstScore));
    }

    [Fact]
    public void Explain_ListsEveryWordWithItsWeight()
    {
        var report = Matcher.Explain("hi opt out facebook zorglub weather");

        Assert.Equal(["hello", "optout", "facebook", "?", "~weather"], report.Weights.Select(w => w.Term));
        Assert.Equal("facebook-steps", report.Topics[0].TopicId);
        Assert.Contains("facebook", report.Topics[0].MatchedTerms);
    }
}
