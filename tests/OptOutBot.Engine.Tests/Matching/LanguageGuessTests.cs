using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>Telling a question's language by its stop words, over any number of languages.</summary>
public sealed class LanguageGuessTests
{
    [Theory]
    [InlineData(new[] { 0, 0, 0 }, LanguageGuess.Unclear)]
    [InlineData(new[] { 2, 1, 0 }, 0)]
    [InlineData(new[] { 0, 1, 3 }, 2)]
    [InlineData(new[] { 1, 3, 3 }, LanguageGuess.Unclear)]
    [InlineData(new[] { 3, 0, 3, 1 }, LanguageGuess.Unclear)]
    public void Dominant_IsTheLanguageWithStrictlyTheMostStopWords(int[] hits, int expected) =>
        Assert.Equal(expected, LanguageGuess.Dominant(hits));

    [Fact]
    public void Matcher_TellsTheTwelfthLanguageApart()
    {
        // The bitmask once held eight languages, and only the first two were compared.
        var analyzer = new TermAnalyzer();
        for (var i = 0; i < 11; i++)
        {
            analyzer.AddStopWords(["filler" + i], i);
        }

        analyzer.AddStopWords(["wie", "ich", "auf"], 11);
        analyzer.AddStopWords(["the", "on"], 1);
        var matcher = new TopicMatcher(analyzer, [new TopicDocument("instagram", ["instagram steps"], [], ["Instagram"])], []);

        Assert.Equal(12, analyzer.LanguageCount);
        Assert.Equal(11, matcher.Match("wie ich auf instagram").Language);
        Assert.Equal(1, matcher.Match("the steps on instagram").Language);
        Assert.Equal(LanguageGuess.Unclear, matcher.Match("instagram").Language);
    }
}
