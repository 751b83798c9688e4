using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>Unusable input gets a kind answer, never an exception.</summary>
public sealed class InvalidInputTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t \r\n")]
    [InlineData("\u0001\u0002\u0007")]
    [InlineData("\u200B\uFEFF")]
    public async Task EmptyOrControlOnlyText_IsInvalidWithAKindMessage(string text)
    {
        var result = await fixture.CreateEngine().AskAsync(text);

        Assert.Equal(TurnOutcome.Invalid, result.Outcome);
        Assert.Contains("Votre message est vide", result.PlainText(), StringComparison.Ordinal);
        Assert.Contains("t:optout-how", result.ActionIds());
    }

    [Theory]
    [InlineData("s:facebook/no-such-step")]
    [InlineData("s:no-such-flow/open")]
    [InlineData("s:")]
    [InlineData("t:no-such-topic")]
    [InlineData("zzz")]
    [InlineData("")]
    public async Task StaleOrUnknownButton_IsInvalidWithAKindMessage(string actionId)
    {
        var result = await fixture.CreateEngine().PressAsync(actionId);

        Assert.Equal(TurnOutcome.Invalid, result.Outcome);
        Assert.Contains("Ce bouton n'est plus valable", result.PlainText(), StringComparison.Ordinal);
        Assert.NotEmpty(result.Choices());
    }

    [Fact]
    public async Task VeryLongText_IsAnsweredWithoutThrowing()
    {
        var text = string.Concat(Enumerable.Repeat("comment m'opposer sur instagram ", 320))[..10_000];

        var result = await fixture.CreateEngine().AskAsync(text);

        Assert.NotNull(result.Reply);
        Assert.NotEmpty(result.Reply.Messages);
    }

    [Fact]
    public async Task TenThousandRandomCharacters_AreAnsweredWithoutThrowing()
    {
        var random = new Random(42);
        var text = new string(Enumerable.Range(0, 10_000).Select(_ => (char)random.Next(1, 0xD7FF)).ToArray());

        var result = await fixture.CreateEngine().AskAsync(text);

        Assert.NotEmpty(result.Reply.Messages);
    }

    [Fact]
    public async Task TextWithControlCharactersAroundAQuestion_IsStillUnderstood()
    {
        var result = await fixture.CreateEngine().AskAsync("\u0007comment m'opposer sur insta ?\u0000");

        Assert.Equal("optout-instagram-steps", result.TopicId);
    }

    [Fact]
    public async Task SlashAlone_IsNotACommand()
    {
        var result = await fixture.CreateEngine().AskAsync("/");

        Assert.NotEqual(TurnOutcome.Command, result.Outcome);
    }
}
