using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>The questions of the Foundation issue's acceptance list, through the engine on the real dialogs/ content.</summary>
public sealed class RealContentMatchingTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    [Fact]
    public async Task Ask_ShortFrenchQuestionAboutInsta_AnswersWithInstagramSteps()
    {
        var result = await fixture.CreateEngine().AskAsync("comment m'opposer sur insta ?");

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("optout-instagram-steps", result.TopicId);
        Assert.Equal("fr", result.Locale);
        Assert.Equal("instagram/open", result.FlowStep);
    }

    [Fact]
    public async Task Ask_TypoInPlatformName_StillFindsFacebookSteps()
    {
        var result = await fixture.CreateEngine().AskAsync("how do I opt out on facebok");

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("optout-facebook-steps", result.TopicId);
        Assert.Equal("en", result.Locale);
    }

    [Fact]
    public async Task Ask_OffTopicQuestion_FallsBackWithTheMainMenuAndNoTopic()
    {
        var result = await fixture.CreateEngine().AskAsync("recette de crêpes");

        Assert.Equal(TurnOutcome.Fallback, result.Outcome);
        Assert.Null(result.TopicId);
        Assert.Equal(
            ["t:optout-how", "t:deadline", "t:whatsapp", "t:viral-post-no-effect", "t:what-data-used", "t:complain-dpa"],
            result.ActionIds());
        Assert.Contains("Désolé", result.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_VagueHowDoIObject_OffersFacebookAndInstagramInsteadOfGuessing()
    {
        var result = await fixture.CreateEngine().AskAsync("comment je m'oppose ?");

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("optout-how", result.TopicId);
        Assert.Contains("t:optout-facebook-steps", result.ActionIds());
        Assert.Contains("t:optout-instagram-steps", result.ActionIds());
        Assert.Null(result.FlowStep);
    }

    [Theory]
    [InlineData("comment m'opposer sur instagarm")]
    [InlineData("comment m'opposer sur instagramm")]
    [InlineData("how do i opt out on instagarm")]
    [InlineData("comment m'oposer sur insta")]
    public async Task Ask_TypoInPlatformName_StillFindsInstagramSteps(string question)
    {
        var result = await fixture.CreateEngine().AskAsync(question);

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("optout-instagram-steps", result.TopicId);
    }

    /// <summary>"Included", "covered", "compris" ask whether a platform is concerned: with a platform name alone beside them, they are the question.</summary>
    [Theory]
    [InlineData("est-ce que threads est inclus ?")]
    [InlineData("messenger c'est compris ?")]
    [InlineData("are threads and messenger covered as well?")]
    public async Task Ask_WhetherAPlatformIsIncluded_AnswersForThatPlatform(string question)
    {
        var result = await fixture.CreateEngine().AskAsync(question);

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("messenger-threads", result.TopicId);
    }

    [Fact]
    public async Task Ask_TypoInTheQuestionWord_StillFindsInstagramSteps()
    {
        var result = await fixture.CreateEngine().AskAsync("coment m'opposer sur insta");

        Assert.Equal("optout-instagram-steps", result.TopicId);
    }

    [Theory]
    [InlineData("whatsapp c concerné ?", "whatsapp")]
    [InlineData("WHATSAPP EST CONCERNE ?", "whatsapp")]
    [InlineData("c koi la date limite", "deadline")]
    [InlineData("date limite pour s'oposer", "deadline")]
    [InlineData("jsp comment m'opposer sur fb", "optout-facebook-steps")]
    [InlineData("is whatsap affected", "whatsapp")]
    [InlineData("dedline to object", "deadline")]
    public async Task Ask_SmsSpellingTyposAndCapitals_AreUnderstood(string question, string topic)
    {
        var result = await fixture.CreateEngine().AskAsync(question);

        Assert.True(result.TopicId == topic, $"\"{question}\" → {result.Outcome} {result.TopicId ?? "null"}, expected {topic}");
    }

    [Theory]
    [InlineData("meteo demain")]
    [InlineData("what's the weather tomorrow")]
    [InlineData("asdfgh qwerty")]
    [InlineData("recette de crepes")]
    public async Task Ask_OffTopicOrGibberish_FallsBackRatherThanGuessing(string question)
    {
        var result = await fixture.CreateEngine().AskAsync(question);

        Assert.Equal(TurnOutcome.Fallback, result.Outcome);
        Assert.Null(result.TopicId);
        Assert.NotEmpty(result.Choices());
    }

    [Theory]
    [InlineData("comment m'opposer sur instagram", "optout-instagram-steps")]
    [InlineData("comment m opposer sur instagram", "optout-instagram-steps")]       // apostrophe dropped
    [InlineData("COMMENT M'OPPOSER SUR INSTAGRAM ?", "optout-instagram-steps")]     // upper case
    [InlineData("comment m'opposer sur instagrm", "optout-instagram-steps")]        // typo
    [InlineData("cmt m'opposer sur insta", "optout-instagram-steps")]               // SMS spelling
    [InlineData("how do i opt out on FACEBOOK", "optout-facebook-steps")]
    [InlineData("comment je m'oppose", "optout-how")]
    [InlineData("Comment je m’oppose ?", "optout-how")]                              // typographic apostrophe
    public async Task Ask_SpellingVariants_FindTheSameTopic(string question, string topic)
    {
        var result = await fixture.CreateEngine().AskAsync(question);

        Assert.True(result.TopicId == topic, $"\"{question}\" → {result.Outcome} {result.TopicId ?? "null"} (candidates {string.Join(",", result.Candidates)}), expected {topic}");
    }

    [Theory]
    [InlineData("jusqu'à quand je peux m'opposer", "jusqu'a quand je peux m'opposer")]      // missing accent
    [InlineData("est-ce que whatsapp est concerné", "est ce que whatsapp est concerne")]
    [InlineData("mes messages privés sont utilisés ?", "mes messages prives sont utilises ?")]
    public async Task Ask_WithoutAccents_GetsTheSameAnswerAsWithAccents(string withAccents, string withoutAccents)
    {
        var engine = fixture.CreateEngine();

        var accented = await engine.AskAsync(withAccents, conversation: "a");
        var plain = await engine.AskAsync(withoutAccents, conversation: "b");

        Assert.Equal(accented.Outcome, plain.Outcome);
        Assert.Equal(accented.TopicId, plain.TopicId);
        Assert.NotEqual(TurnOutcome.Fallback, plain.Outcome);
    }

    [Theory]
    [InlineData("comment m'opposer sur insta ?")]
    [InlineData("how do I opt out on facebok")]
    [InlineData("recette de crêpes")]
    [InlineData("est-ce que whatsapp est concerné")]
    public async Task Ask_SameQuestionTwice_GivesTheSameAnswer(string question)
    {
        var first = await fixture.CreateEngine().AskAsync(question);
        var second = await fixture.CreateEngine().AskAsync(question);

        Assert.Equal(first.Outcome, second.Outcome);
        Assert.Equal(first.TopicId, second.TopicId);
        Assert.Equal(first.Locale, second.Locale);
        Assert.Equal(first.PlainText(), second.PlainText());
        Assert.Equal(first.ActionIds(), second.ActionIds());
    }

    [Fact]
    public async Task Ask_TopicAnswer_CarriesDatedHttpsSources()
    {
        var result = await fixture.CreateEngine().AskAsync("est-ce que whatsapp est concerné");

        var sources = result.Reply.Messages.SelectMany(m => m.Sources).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.StartsWith("https://", s.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ask_EnglishQuestionWithoutHint_IsAnsweredInEnglish()
    {
        var result = await fixture.CreateEngine().AskAsync("how do i opt out?");

        Assert.Equal("optout-how", result.TopicId);
        Assert.Equal("en", result.Locale);
        Assert.Contains("Object on Instagram, step by step", result.Choices().Select(c => c.Label));
    }

    [Theory]
    [InlineData("c'est trop tard en 2026 ?")]              // an unknown year no longer sinks the question
    [InlineData("bonjour, svp, c'est trop tard en 2026 ?")] // nor do a greeting and "please"
    public async Task Ask_TooLateWithAYear_IsAnswered(string question)
    {
        var result = await fixture.CreateEngine().AskAsync(question);

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Contains(result.TopicId, new[] { "deadline", "after-deadline" });
    }

    [Fact]
    public async Task Ask_ConfirmationNotReceived_IsNotAnsweredAsIfItCame()
    {
        var engine = fixture.CreateEngine();

        var notReceived = await engine.AskAsync("I did not get the confirmation email", conversation: "a");
        var received = await engine.AskAsync("I got the confirmation email", conversation: "b");

        Assert.Equal("no-confirmation", notReceived.TopicId);
        Assert.Equal("confirm-email", received.TopicId);
    }

    [Fact]
    public async Task Ask_TwoQuestionsInOneMessage_AnswersTheFirstAndOffersTheSecond()
    {
        var result = await fixture.CreateEngine().AskAsync("how do i opt out on facebook? and what about my kids?");

        Assert.Equal("optout-facebook-steps", result.TopicId);
        Assert.Equal("t:minors", result.Reply.Messages[^1].Choices.Single().ActionId);
    }

    [Fact]
    public async Task Ask_ShortFollowUp_UsesTheLastTopic()
    {
        var engine = fixture.CreateEngine();
        await engine.AskAsync("comment m'opposer sur facebook ?");

        var result = await engine.AskAsync("et sur instagram ?");

        Assert.Equal("optout-instagram-steps", result.TopicId);
    }

    [Fact]
    public async Task Ask_OffTopicQuestionWithADomainWord_FallsBack()
    {
        var result = await fixture.CreateEngine().AskAsync("my instagram got hacked what do i do");

        Assert.Equal(TurnOutcome.Fallback, result.Outcome);
    }
}
