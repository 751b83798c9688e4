using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>
/// Where a question is asked changes which answer fits: an example about other platforms than the question's counts a
/// little less, and a company named alone (meta) stands for each of its platforms.
/// </summary>
public sealed class OtherPlatformTests
{
    private static readonly string[] Platforms = ["facebook", "instagram", "meta"];

    private static TopicMatcher Build(bool platforms, bool owners = true)
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["i", "the", "a", "how", "do", "to", "on", "my", "is", "am", "for", "no", "have", "his"], 0);
        var topics = new[]
        {
            new TopicDocument("optout-how", ["my wife wants meta to stop using her photos for ai", "what to do so meta leaves my data alone"], [], ["Object"]),
            new TopicDocument("instagram-steps", ["stop instagram using my photos", "instagram objection menu", "ai on instagram"], [], ["Object on Instagram"]),
            new TopicDocument("no-account", ["no facebook account am i concerned"], [], ["No account"]),
            new TopicDocument("concerned", ["am i concerned", "who is concerned by meta ai"], [], ["Who is concerned"]),
        };
        return new TopicMatcher(
            analyzer,
            topics,
            platforms: platforms ? Platforms : null,
            owners: owners ? [new("facebook", "meta"), new("instagram", "meta")] : null);
    }

    /// <summary>Two form topics, one general and one about Instagram, for a question that names no platform.</summary>
    private static TopicMatcher BuildForms(bool platforms)
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["i", "the", "a", "on"], 0);
        var topics = new[]
        {
            new TopicDocument("form-not-found", ["cannot find objection form anywhere at all"], [], ["Form not found"]),
            new TopicDocument("instagram-form", ["i cannot find the objection form on instagram"], [], ["Instagram form"]),
        };
        return new TopicMatcher(analyzer, topics, platforms: platforms ? Platforms : null);
    }

    [Fact]
    public void AnInstagramQuestion_IsAnsweredByTheInstagramTopic_NotByAnExampleAboutMeta()
    {
        const string question = "my wife wants instagram to stop using her photos for ai";

        var without = Build(platforms: false).Match(question);
        var with = Build(platforms: true);
        var m = with.Match(question);

        // Without the rule the chatty general example, nearly word for word, wins; with it the platform decides.
        Assert.Equal("optout-how", Build(platforms: false).TopicId(without.First));
        Assert.Equal("instagram-steps", with.TopicId(m.First));
    }

    [Fact]
    public void ACompanyNamedAlone_IsNoOtherPlatformThanItsOwn()
    {
        const string question = "no meta account am i concerned";

        var owned = Build(platforms: true).Match(question);
        var unowned = Build(platforms: true, owners: false).Match(question);

        // "meta" covers facebook: the facebook example is that question's, not another platform's.
        Assert.Equal("no-account", Build(platforms: true).TopicId(owned.First));
        Assert.True(owned.FirstScore > unowned.FirstScore, $"{owned.FirstScore} vs {unowned.FirstScore}");
    }

    [Fact]
    public void AQuestionThatNamesNoPlatform_CountsEveryExampleAlike()
    {
        const string question = "cannot find objection form";

        var without = Scores(BuildForms(platforms: false), question);
        var with = Scores(BuildForms(platforms: true), question);

        // Only a question that names a platform prefers its examples: a lone "formulaire" must still get the choice.
        Assert.Equal(without["form-not-found"], with["form-not-found"]);
        Assert.Equal(without["instagram-form"], with["instagram-form"]);
    }

    private static Dictionary<string, float> Scores(TopicMatcher matcher, string question)
    {
        var m = matcher.Match(question);
        return new() { [matcher.TopicId(m.First)] = m.FirstScore, [matcher.TopicId(m.Second)] = m.SecondScore };
    }
}
