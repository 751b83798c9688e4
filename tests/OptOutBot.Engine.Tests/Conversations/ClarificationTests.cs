using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Tests.Support;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>When two topics fit a question equally well, the bot asks which one instead of guessing.</summary>
public sealed class ClarificationTests
{
    [Fact]
    public async Task Ask_TwoTopicsScoringTheSame_AsksWhichOneWithOneButtonEach()
    {
        using var content = new SyntheticContent("en");
        // Mirror-image topics: "zebra" is in both, each has one word of its own.
        content.Write("en/topics/alpha.yaml", SyntheticContent.Topic("alpha", "Zebra stripes", ["zebra stripes"], "Stripes."));
        content.Write("en/topics/beta.yaml", SyntheticContent.Topic("beta", "Zebra sleep", ["zebra sleep"], "Sleep."));
        var engine = Engine(content);

        var result = await engine.AskAsync("zebra");

        Assert.True(result.Outcome == TurnOutcome.Clarify, $"{result.Outcome} {result.TopicId}; scoring: {string.Join(" | ", content.Load().Explain("zebra").Topics.Select(e => $"{e.TopicId}={e.Score}"))}");
        Assert.Null(result.TopicId);
        Assert.Equal(["alpha", "beta"], result.Candidates.Order(StringComparer.Ordinal));
        Assert.Equal(["t:alpha", "t:beta"], result.ActionIds().Order(StringComparer.Ordinal));
        Assert.Equal(["Zebra sleep", "Zebra stripes"], result.Choices().Select(c => c.Label).Order(StringComparer.Ordinal));
        Assert.Contains("which one?", result.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PressingAClarificationButton_AnswersThatTopic()
    {
        using var content = new SyntheticContent("en");
        content.Write("en/topics/alpha.yaml", SyntheticContent.Topic("alpha", "Zebra stripes", ["zebra stripes"], "Stripes."));
        content.Write("en/topics/beta.yaml", SyntheticContent.Topic("beta", "Zebra sleep", ["zebra sleep"], "Sleep."));
        var engine = Engine(content);
        var question = await engine.AskAsync("zebra");

        var result = await engine.PressAsync(question.Choices().Single(c => c.Label == "Zebra sleep").ActionId);

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("beta", result.TopicId);
        Assert.Contains("Sleep.", result.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_QuestionThatClearlyFitsOneTopic_AnswersWithoutAsking()
    {
        using var content = new SyntheticContent("en");
        content.Write("en/topics/alpha.yaml", SyntheticContent.Topic("alpha", "Zebra stripes", ["zebra stripes"], "Stripes."));
        content.Write("en/topics/beta.yaml", SyntheticContent.Topic("beta", "Zebra sleep", ["zebra sleep"], "Sleep."));

        var result = await Engine(content).AskAsync("Zebra STRIPES?");

        Assert.Equal(TurnOutcome.Topic, result.Outcome);
        Assert.Equal("alpha", result.TopicId);
        Assert.Empty(result.Candidates);
    }

    private static ConversationEngine Engine(SyntheticContent content) =>
        new(content.Load(), new InMemoryConversationStore(), new FakeTimeProvider(SyntheticContent.Today), Options.Create(new ConversationOptions()));
}
