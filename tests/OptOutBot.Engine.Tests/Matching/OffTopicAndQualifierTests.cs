using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>
/// The scorer's two guards against answering the wrong thing: off-topic example questions that share the topics'
/// words, and qualifiers (countries, years) that narrow a question without saying what it asks.
/// </summary>
public sealed class OffTopicAndQualifierTests
{
    private static readonly TopicMatcher Matcher = Build();

    private static TopicMatcher Build()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["i", "the", "a", "how", "do", "to", "on", "my", "in", "from", "is", "where", "can", "are", "of", "from", "what", "who"], 0);
        analyzer.AddSynonym("optout", "opt out");
        analyzer.AddSynonym("optout", "object");
        analyzer.AddSynonym("photo", "picture");
        analyzer.AddSynonym("account", "profile");
        analyzer.AddSynonym("paysbe", "belgium");
        analyzer.AddSynonym("paysbe", "brussels");
        var topics = new[]
        {
            new TopicDocument("facebook-steps", ["how to opt out on facebook", "object on facebook steps"], ["facebook"], ["Opt out on Facebook"]),
            new TopicDocument("data-used", ["is my profile picture used for ai", "are my photos used for ai training"], [], ["Which data is used"]),
            new TopicDocument("complain", ["where can i complain about meta", "complaint to a data protection authority"], ["complain"], ["Complaints"]),
            new TopicDocument("complain-be", ["i am in belgium, where do i complain about meta", "complaint belgium meta"], [], ["Belgium"]),
            new TopicDocument("old-posts", ["are my posts from 2010 used", "old posts used for ai"], [], ["Old posts"]),
            new TopicDocument("~off-topic", ["how do i change my profile picture", "how do i add a friend on facebook", "how to bake bread in 2010"], [], [], OffTopic: true),
        };
        return new TopicMatcher(analyzer, topics, ["weather"], qualifiers: ["paysbe"]);
    }

    private (string Topic, MatchResult Match) Best(string question) =>
        Matcher.Match(question) is var m && m.First >= 0 ? (Matcher.TopicId(m.First), m) : ("-", m);

    [Fact]
    public void OffTopicExample_ThatSaysAllTheQuestionSays_OutscoresTheTopicsSharingItsWords()
    {
        var (_, match) = Best("how do i change my profile picture");

        Assert.True(match.OffTopicScore >= match.FirstScore, $"off-topic {match.OffTopicScore} vs best topic {match.FirstScore}");
    }

    [Fact]
    public void OffTopicExample_SharingOnlyThePlatform_DoesNotTakeAnObjectionQuestion()
    {
        var (topic, match) = Best("how do i object on facebook");

        Assert.Equal("facebook-steps", topic);
        Assert.True(match.OffTopicScore < match.FirstScore, $"off-topic {match.OffTopicScore} vs best topic {match.FirstScore}");
    }

    [Fact]
    public void OffTopicDocument_IsNeverOfferedAsATopic_NorUsableAsTheLastTopic()
    {
        var (_, match) = Best("how do i add a friend on facebook");

        Assert.NotEqual("~off-topic", Matcher.TopicId(match.First));
        Assert.Equal(-1, Matcher.TopicIndex("~off-topic"));
    }

    [Fact]
    public void Country_BesideAnotherIntent_DoesNotPullTowardsTheCountrysTopic()
    {
        Assert.Equal("facebook-steps", Best("hello from brussels, how do i opt out on facebook").Topic);
    }

    [Fact]
    public void Country_WithTheSameIntent_StillPicksTheCountrysTopic()
    {
        Assert.Equal("complain-be", Best("i am in belgium, where can i complain about meta").Topic);
    }

    [Fact]
    public void QuestionOfQualifiersAlone_HasNoIntentTerm()
    {
        var (_, match) = Best("brussels");

        Assert.Equal(0, match.IntentTerms);
        Assert.True(Best("complain brussels").Match.IntentTerms > 0);
    }

    [Fact]
    public void Year_WeighsLessThanAnOrdinaryWordAsRare_SoAnExamplesYearDoesNotPullTheQuestion()
    {
        // "2010" and "kiwi" are used by exactly the same examples and keywords: only the year is capped.
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["are", "my", "from", "used", "for"], 0);
        var topics = Enumerable.Range(0, 12).Select(i => new TopicDocument($"filler-{i}", [$"filler{i} question"], [], [$"Filler {i}"]))
            .Append(new TopicDocument("old-posts", ["are my posts from 2010 in the kiwi used"], ["2010", "kiwi"], ["Old posts"]))
            .Append(new TopicDocument("data-used", ["are my photos used for ai", "photos ai training"], [], ["Which data"]))
            .ToList();
        var matcher = new TopicMatcher(analyzer, topics);

        var weights = matcher.Explain("are my photos from 2010 kiwi used for ai").Weights;

        Assert.True(weights.Single(w => w.Term == "2010").Weight < weights.Single(w => w.Term == "kiwi").Weight);
        Assert.Equal("data-used", matcher.TopicId(matcher.Match("are my photos from 2010 used for ai").First));
    }

    [Fact]
    public void Explain_ShowsTheOffTopicExamplesAsACandidate()
    {
        var report = Matcher.Explain("how do i change my profile picture");

        Assert.Contains(report.Topics, t => t.TopicId == "~off-topic" && t.BestExample == "how do i change my profile picture");
    }
}

/// <summary>The validator's check that an off-topic example says something of its own.</summary>
public sealed class OffTopicExampleOfOneDomainWordTests
{
    [Fact]
    public void ExampleComingDownToAPlatformName_IsFlagged_OneWithAWordOfItsOwnIsNot()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["how", "do", "i", "go", "live", "on", "a", "my", "to", "et", "sur"], 0);
        var topics = new[]
        {
            new TopicDocument("instagram-steps", ["object on instagram"], [], ["Instagram"]),
            new TopicDocument("quit", ["quit instagram"], [], ["Quit"]),
            new TopicDocument("private", ["private instagram account"], [], ["Private"]),
            new TopicDocument("kids", ["my kids on instagram"], [], ["Kids"]),
            new TopicDocument("age", ["age limit to object"], [], ["Age"]),
            new TopicDocument("~off-topic", ["how do i go live on instagram", "start a livestream on instagram"], [], [], OffTopic: true),
        };
        var matcher = new TopicMatcher(analyzer, topics, []);

        Assert.True(matcher.OneTopicWordOnly("how do i go live on instagram"));
        Assert.False(matcher.OneTopicWordOnly("start a livestream on instagram"));
        Assert.False(matcher.OneTopicWordOnly("age"), "a word of one topic is not a word of the domain");
    }
}
