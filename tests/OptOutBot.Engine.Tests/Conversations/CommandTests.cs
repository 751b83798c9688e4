using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>The slash commands as a person uses them, on the real content.</summary>
public sealed class CommandTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    [Theory]
    [InlineData("start")]
    [InlineData("help")]
    public async Task StartOrHelp_ShowsTheWelcomeWithChoices(string command)
    {
        var result = await fixture.CreateEngine().CommandAsync(command);

        Assert.Equal(TurnOutcome.Command, result.Outcome);
        Assert.Equal(command, result.Command);
        Assert.Equal("welcome", result.TopicId);
        Assert.NotEmpty(result.Choices());
    }

    [Fact]
    public async Task StartTypedAsText_RunsTheCommand()
    {
        var result = await fixture.CreateEngine().AskAsync("/start");

        Assert.Equal(TurnOutcome.Command, result.Outcome);
        Assert.Equal("welcome", result.TopicId);
    }

    [Fact]
    public async Task OptOutWithoutPlatform_AsksWhichPlatform()
    {
        var result = await fixture.CreateEngine().CommandAsync("optout");

        Assert.Equal("optout-how", result.TopicId);
        Assert.Contains("t:optout-facebook-steps", result.ActionIds());
        Assert.Contains("t:optout-instagram-steps", result.ActionIds());
    }

    [Theory]
    [InlineData("instagram", "optout-instagram-steps", "instagram/open")]
    [InlineData("ig", "optout-instagram-steps", "instagram/open")]
    [InlineData("Insta", "optout-instagram-steps", "instagram/open")]
    [InlineData("facebook", "optout-facebook-steps", "facebook/open")]
    [InlineData("fb", "optout-facebook-steps", "facebook/open")]
    [InlineData("FaceBook", "optout-facebook-steps", "facebook/open")]
    public async Task OptOutWithPlatform_StartsThatPlatformsGuide(string platform, string topic, string step)
    {
        var result = await fixture.CreateEngine().CommandAsync("optout", platform);

        Assert.Equal(topic, result.TopicId);
        Assert.Equal(step, result.FlowStep);
        Assert.Equal(2, result.Reply.Messages.Count); // the answer, then the first step with its buttons
    }

    [Fact]
    public async Task OptOutTypedAsTextWithBotSuffix_StartsTheGuide()
    {
        var result = await fixture.CreateEngine().AskAsync("/optout@OptOutBot instagram");

        Assert.Equal("optout-instagram-steps", result.TopicId);
        Assert.Equal("instagram/open", result.FlowStep);
    }

    [Fact]
    public async Task OptOutUnknownPlatform_SaysSoNamingThePlatform()
    {
        var result = await fixture.CreateEngine().CommandAsync("optout", "myspace");

        Assert.Equal(TurnOutcome.Invalid, result.Outcome);
        Assert.Contains("« myspace »", result.PlainText(), StringComparison.Ordinal);
        Assert.Contains("t:optout-facebook-steps", result.ActionIds());
    }

    [Theory]
    [InlineData("[x](https://evil.example) **b**")]
    [InlineData("[click](https://evil.example/a-long-path-that-is-cut-at-forty)")]
    [InlineData("_i_ \\[y](http://evil.example)\n- list")]
    public async Task OptOutUnknownPlatform_TheArgumentStaysLiteralText_NeverALinkOrBold(string argument)
    {
        var result = await fixture.CreateEngine().CommandAsync("optout", argument);

        var spans = OptOutBot.Engine.Replies.Markup.Parse(result.Reply.Messages[0].Text).SelectMany(l => l.Spans).ToList();
        Assert.DoesNotContain(spans, s => s.Url is not null && s.Url.Contains("evil", StringComparison.Ordinal));
        Assert.All(spans.Where(s => s.Style != OptOutBot.Engine.Replies.SpanStyle.None), s => Assert.Contains(s.Text, new[] { "facebook", "instagram" }));
        var literal = string.Concat(spans.Select(s => s.Text));
        Assert.Contains(argument.Length <= 40 ? argument.Replace("\n", " ", StringComparison.Ordinal) : argument[..40], literal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskWithAQuestion_AnswersTheMatchingTopic()
    {
        var result = await fixture.CreateEngine().CommandAsync("ask", "comment m'opposer sur insta ?");

        Assert.Equal("optout-instagram-steps", result.TopicId);
        Assert.Equal("ask", result.Command);
    }

    [Fact]
    public async Task AskWithoutAQuestion_AsksForOne()
    {
        var result = await fixture.CreateEngine().CommandAsync("ask");

        Assert.Contains("Votre message est vide", result.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskOffTopic_FallsBackWithTheMenu()
    {
        var result = await fixture.CreateEngine().CommandAsync("ask", "recette de crêpes");

        Assert.Equal(TurnOutcome.Fallback, result.Outcome);
        Assert.Null(result.TopicId);
        Assert.Contains("t:optout-how", result.ActionIds());
    }

    [Fact]
    public async Task About_SaysWhoRunsTheBotAndThatItIsNotLegalAdvice()
    {
        var result = await fixture.CreateEngine().CommandAsync("about");

        Assert.Equal(TurnOutcome.Command, result.Outcome);
        Assert.Contains("OptOutBot", result.PlainText(), StringComparison.Ordinal);
        Assert.Contains("pas un conseil juridique", result.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_AnswersWithTheDeadlineTopic()
    {
        var result = await fixture.CreateEngine().CommandAsync("deadline");

        Assert.Equal("deadline", result.TopicId);
    }

    [Fact]
    public async Task UnknownCommand_SaysItIsUnknownAndOffersTheMenu()
    {
        var result = await fixture.CreateEngine().CommandAsync("frobnicate");

        Assert.Equal(TurnOutcome.Invalid, result.Outcome);
        Assert.Contains("/frobnicate", result.PlainText(), StringComparison.Ordinal);
        Assert.Contains("t:optout-how", result.ActionIds());
    }

    [Fact]
    public async Task LanguageWithoutArgument_OffersEachLanguage()
    {
        var result = await fixture.CreateEngine().CommandAsync("language");

        Assert.Equal(["c:language:fr", "c:language:en", "c:language:de", "c:language:es", "c:language:it", "c:language:nl"], result.ActionIds());
        Assert.Equal(["Français", "English", "Deutsch", "Español", "Italiano", "Nederlands"], result.Choices().Select(c => c.Label));
    }

    [Fact]
    public async Task LanguageEn_LaterTurnsAnswerInEnglish()
    {
        var engine = fixture.CreateEngine();

        var changed = await engine.CommandAsync("language", "en");
        var later = await engine.AskAsync("comment m'opposer sur insta ?");
        var help = await engine.CommandAsync("help");

        Assert.Equal("en", changed.Locale);
        Assert.Contains("I will answer in English", changed.PlainText(), StringComparison.Ordinal);
        Assert.Equal("en", later.Locale);
        Assert.Equal("optout-instagram-steps", later.TopicId);
        Assert.Equal("en", help.Locale);
    }

    [Fact]
    public async Task LanguageByName_IsUnderstood()
    {
        var result = await fixture.CreateEngine().CommandAsync("language", "english");

        Assert.Equal("en", result.Locale);
    }

    [Fact]
    public async Task LanguageButton_SavesTheChoice()
    {
        var engine = fixture.CreateEngine();

        await engine.PressAsync("c:language:en");
        var later = await engine.CommandAsync("about");

        Assert.Equal("en", later.Locale);
        Assert.Contains("not legal advice", later.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavedLanguage_WinsOverThePlatformHint()
    {
        var engine = fixture.CreateEngine();

        await engine.CommandAsync("language", "en", localeHint: "fr-FR");
        var later = await engine.CommandAsync("about", localeHint: "fr-FR");

        Assert.Equal("en", later.Locale);
    }

    [Fact]
    public async Task ExplicitChoice_WinsOverASavedLanguage()
    {
        var engine = fixture.CreateEngine();

        await engine.CommandAsync("language", "en");
        var changed = await engine.CommandAsync("language", "fr", localeHint: "en-US");
        var later = await engine.CommandAsync("about", localeHint: "en-US");

        Assert.Equal("fr", changed.Locale);
        Assert.Equal("fr", later.Locale);
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("en_US", "en")]
    [InlineData("EN", "en")]
    [InlineData("fr-BE", "fr")]
    public async Task PlatformHint_ChoosesTheLanguageWhenNothingIsSaved(string hint, string expected)
    {
        var result = await fixture.CreateEngine().CommandAsync("about", localeHint: hint);

        Assert.Equal(expected, result.Locale);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pt-PT")] // a language without content
    [InlineData("")]
    public async Task NoUsableHintAndNoChoice_AnswersInFrench(string? hint)
    {
        var result = await fixture.CreateEngine().CommandAsync("about", localeHint: hint);

        Assert.Equal("fr", result.Locale);
    }

    [Fact]
    public async Task PlatformHint_WinsOverTheQuestionsOwnLanguage()
    {
        var result = await fixture.CreateEngine().AskAsync("how do i opt out?", localeHint: "fr-FR");

        Assert.Equal("fr", result.Locale);
        Assert.Equal("optout-how", result.TopicId);
    }
}
