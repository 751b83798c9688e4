using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>
/// Questions that share the domain's words without asking what the bot answers: platform names say where, not what;
/// an off-topic example is compared with the best topic's nearest example, not with its whole vocabulary; and a
/// question that says what the bot is about (AI, training, objecting) is not an off-topic example that does not.
/// </summary>
public sealed class DomainWordTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    private static TopicMatcher Build()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["i", "the", "a", "how", "do", "to", "on", "my", "in", "is", "are", "does", "have", "many", "for", "by", "of", "what", "about", "and"], 0);
        analyzer.AddSynonym("optout", "object");
        analyzer.AddSynonym("train", "training");
        analyzer.AddSynonym("ai", "meta ai");
        var topics = new[]
        {
            new TopicDocument("facebook-steps", ["how to object on facebook", "object on facebook step by step"], ["facebook"], ["Object on Facebook"]),
            new TopicDocument("login", ["the form asks for my password", "i have to log in again"], [], ["Log-in problems"]),
            new TopicDocument("change", ["what does meta change", "change to the privacy policy"], [], ["What changes"]),
            new TopicDocument("chats", ["are my whatsapp chats used for ai training", "whatsapp chats and meta ai"], ["whatsapp"], ["WhatsApp"]),
            new TopicDocument("~off-topic", ["how do i change my password on instagram", "how do i back up my whatsapp chats", "how many users does instagram have"], [], [], OffTopic: true),
        };
        return new TopicMatcher(analyzer, topics, platforms: ["facebook", "instagram", "whatsapp", "meta"], subject: ["ai", "train", "optout"]);
    }

    private static readonly TopicMatcher Matcher = Build();

    /// <summary>What the engine does with the match: the off-topic examples win at a tie (ConversationEngine.Decide).</summary>
    private static bool FallsBack(MatchResult m) => m.First < 0 || m.IntentTerms == 0 || m.OffTopicScore >= m.FirstScore;

    [Fact]
    public void ChangingAPasswordOnAnotherPlatform_FallsBack_ThoughTwoTopicsTogetherKnowEveryWord()
    {
        // "change" is one topic's word, "password" another's: together they explain it all, but no example is close.
        var m = Matcher.Match("how do i change my password on whatsapp");

        Assert.True(FallsBack(m), $"best {Matcher.TopicId(m.First)} {m.FirstScore} vs off-topic {m.OffTopicScore}");
    }

    [Fact]
    public void AQuestionOfPlatformNamesAlone_HasNoIntent()
    {
        var m = Matcher.Match("what about facebook and instagram");

        Assert.Equal(0, m.IntentTerms);
    }

    [Fact]
    public void AQuestionThatSaysTheSubject_BeatsTheOffTopicExampleThatDoesNot()
    {
        var m = Matcher.Match("do my whatsapp chats feed the meta ai training");

        Assert.Equal("chats", Matcher.TopicId(m.First));
        Assert.False(FallsBack(m));
        Assert.True(FallsBack(Matcher.Match("how do i back up my whatsapp chats")));
    }

    [Theory]
    [InlineData("how do i change my password on facebook")]
    [InlineData("comment changer mon mot de passe facebook")]
    [InlineData("how many users does facebook have")]
    [InlineData("facebook")]
    [InlineData("how do i delete a conversation on whatsapp")]
    [InlineData("wie lösche ich eine unterhaltung bei whatsapp")]
    public async Task Ask_AppQuestionThatOnlyNamesAPlatform_FallsBack(string question)
    {
        var result = await fixture.CreateEngine().AskAsync(question);

        Assert.Equal(TurnOutcome.Fallback, result.Outcome);
    }

    [Fact]
    public async Task Ask_WhatsAppChatsAndTheAi_IsTheWhatsAppTopic_NotTheOffTopicChatBackup()
    {
        var engine = fixture.CreateEngine();

        Assert.Equal("whatsapp", (await engine.AskAsync("are my whatsapp chats used to train meta's ai?")).TopicId);
        Assert.Equal(TurnOutcome.Fallback, (await fixture.CreateEngine().AskAsync("how do i back up my whatsapp chats to google drive")).Outcome);
    }
}
