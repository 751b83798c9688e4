using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>
/// Two things that settle close calls: a topic about one place does not answer a question naming another place, and
/// a question with exactly the words of one topic's example is that topic's, not a reason to ask which was meant.
/// </summary>
public sealed class PlaceAndExactExampleTests
{
    private static readonly TopicMatcher Matcher = Build();

    private static TopicMatcher Build()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["i", "the", "a", "how", "do", "to", "on", "my", "in", "is", "where", "can", "about", "which", "does", "me"], 0);
        analyzer.AddSynonym("paysbe", "belgium");
        analyzer.AddSynonym("paysbe", "belgian");
        analyzer.AddSynonym("payspl", "poland");
        analyzer.AddSynonym("payspl", "polish");
        analyzer.AddSynonym("optout", "object");
        var topics = new[]
        {
            new TopicDocument("complain", ["which authority takes complaints", "complaint to a data protection authority"], ["complaint"], ["Complaints"]),
            new TopicDocument("complain-be", ["file a complaint about meta in belgium", "belgian authority complaint instagram", "belgium complaint form"], ["belgium"], ["Belgium"]),
            new TopicDocument("complain-pl", ["polish authority", "poland uodo"], ["poland"], ["Poland"]),
            new TopicDocument("erase-posts", ["does objecting erase my posts", "objecting erases old posts"], [], ["What objecting does not do"]),
            new TopicDocument("erase-account", ["erase my posts and account", "erase my account data"], [], ["Erasing data"]),
            new TopicDocument("facebook-steps", ["how to object on facebook"], ["facebook"], ["Object on Facebook"]),
        };
        return new TopicMatcher(analyzer, topics, [], qualifiers: ["paysbe", "payspl"]);
    }

    private static string Topic(int index) => index >= 0 ? Matcher.TopicId(index) : "-";

    [Fact]
    public void PlaceTopic_LosesToTheTopicOfThePlaceTheQuestionNames_EvenWithMoreWordsInCommon()
    {
        // Every word but the country is in the Belgian examples.
        var match = Matcher.Match("file a complaint form about meta on instagram in poland");

        Assert.Equal("complain-pl", Topic(match.First));
    }

    [Fact]
    public void PlaceTopic_ForThePlaceNamed_IsAnsweredRatherThanTheGeneralTopic()
    {
        var match = Matcher.Match("which authority in belgium takes complaints");

        Assert.Equal("complain-be", Topic(match.First));
        Assert.True(match.FirstNamesThePlace);
    }

    [Fact]
    public void QuestionNamingNoPlace_IsNotAPlaceQuestion()
    {
        var match = Matcher.Match("complaint to an authority");

        Assert.Equal("complain", Topic(match.First));
        Assert.False(match.FirstNamesThePlace);
    }

    [Fact]
    public void ExactWordsOfAnExample_MakeItThatTopicsQuestion()
    {
        var match = Matcher.Match("does objecting erase my posts?");

        Assert.Equal("erase-posts", Topic(match.First));
        Assert.True(match.FirstIsAnExample, $"best {match.FirstScore}, second {Topic(match.Second)} {match.SecondScore}");
    }

    [Fact]
    public void WordsOfNoSingleExample_AreNotTakenAsAnExample()
    {
        var match = Matcher.Match("erase posts");

        Assert.False(match.FirstIsAnExample);
    }
}
