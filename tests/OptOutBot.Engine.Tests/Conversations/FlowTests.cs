using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>Stepping through a guide with buttons, typed labels and numbers.</summary>
public sealed class FlowTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    [Fact]
    public async Task PressingAStepButton_ShowsThatStep_AndMayEditThePreviousMessage()
    {
        var result = await fixture.CreateEngine().PressAsync("s:facebook/privacy-center");

        Assert.Equal(TurnOutcome.FlowStep, result.Outcome);
        Assert.Equal("facebook/privacy-center", result.FlowStep);
        Assert.True(result.Reply.ContinuesPrevious);
        Assert.Contains("Étape 2 sur 5", result.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicAnswer_DoesNotEditThePreviousMessage()
    {
        var result = await fixture.CreateEngine().AskAsync("comment m'opposer sur insta ?");

        Assert.False(result.Reply.ContinuesPrevious);
    }

    [Fact]
    public async Task PressingBack_ReturnsToThePreviousStep()
    {
        var engine = fixture.CreateEngine();
        var step = await engine.PressAsync("s:instagram/privacy-center");

        var back = step.Choices().Single(c => c.Label == "Retour");
        var result = await engine.PressAsync(back.ActionId);

        Assert.Equal("instagram/open", result.FlowStep);
    }

    [Theory]
    [InlineData("C'est fait")]
    [InlineData("c'est fait")]
    [InlineData("C EST FAIT")]
    [InlineData("1")]
    public async Task TypingAChoiceLabelOrNumberInAGuide_PressesIt(string typed)
    {
        var engine = fixture.CreateEngine();
        await engine.AskAsync("comment m'opposer sur insta ?");

        var result = await engine.AskAsync(typed);

        Assert.Equal(TurnOutcome.FlowStep, result.Outcome);
        Assert.Equal("instagram/privacy-center", result.FlowStep);
    }

    [Fact]
    public async Task TypingTheLastChoicesNumber_PressesIt()
    {
        var engine = fixture.CreateEngine();
        var open = await engine.AskAsync("comment m'opposer sur insta ?");
        var stepChoices = open.Reply.Messages[^1].Choices;

        var result = await engine.AskAsync(stepChoices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("m", stepChoices[^1].ActionId);
        Assert.Equal(TurnOutcome.Command, result.Outcome);
        Assert.Equal("menu", result.Command);
    }

    [Fact]
    public async Task TypingANumberOutsideAGuide_IsNotTakenAsAChoice()
    {
        var result = await fixture.CreateEngine().AskAsync("1");

        Assert.NotEqual(TurnOutcome.FlowStep, result.Outcome);
    }

    [Fact]
    public async Task AQuestionInTheMiddleOfAGuide_IsAnsweredNormally()
    {
        var engine = fixture.CreateEngine();
        await engine.AskAsync("comment m'opposer sur insta ?");

        var result = await engine.AskAsync("est-ce que whatsapp est concerné");

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("whatsapp", result.TopicId);
    }

    [Fact]
    public async Task StepButtonsAfterSwitchingLanguage_ShowTheSameStepInTheNewLanguage()
    {
        var engine = fixture.CreateEngine();
        await engine.AskAsync("comment m'opposer sur insta ?");
        await engine.CommandAsync("language", "en");

        var result = await engine.PressAsync("s:instagram/privacy-center");

        Assert.Equal("en", result.Locale);
        Assert.Equal("instagram/privacy-center", result.FlowStep);
        Assert.Contains("Step 2", result.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryActionIdOfEveryStep_FitsIn64AsciiBytes()
    {
        var engine = fixture.CreateEngine();
        foreach (var locale in fixture.Content.Locales)
        {
            await engine.CommandAsync("language", locale);
            foreach (var platform in new[] { "facebook", "instagram" })
            {
                var result = await engine.CommandAsync("optout", platform);
                Assert.All(result.ActionIds(), id => Assert.True(System.Text.Encoding.ASCII.GetByteCount(id) <= 64 && id.All(char.IsAscii), id));
            }
        }
    }
}
