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
        // "instagram" is a word of both languages' content: it tells neither.
        var matcher = new TopicMatcher(analyzer, [new TopicDocument("instagram", [new MatchText("instagram steps", 1)], [], [new MatchText("Instagram", 11)])], []);

        Assert.Equal(12, analyzer.LanguageCount);
        Assert.Equal(11, matcher.Match("wie ich auf instagram").Language);
        Assert.Equal(1, matcher.Match("the steps on instagram").Language);
        Assert.Equal(LanguageGuess.Unclear, matcher.Match("instagram").Language);
    }

    [Fact]
    public void StopWordsThatTie_AreSettledByTheWordsOnlyOneLanguagesContentUses()
    {
        // "la" and "es" are French and Spanish stop words; "oposicion" is a word of the Spanish content only.
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["la", "es", "de"], 0);
        analyzer.AddStopWords(["la", "es", "de"], 1);
        analyzer.AddSynonym("optout", "oposición", 1);
        analyzer.AddSynonym("optout", "opposition", 0);
        var matcher = new TopicMatcher(analyzer, [new TopicDocument("redo", [new MatchText("refaire l'opposition", 0), new MatchText("retroactiva la oposición", 1)], [], ["Redo"])], []);

        Assert.Equal(1, matcher.Match("la oposición es retroactiva").Language);
        Assert.Equal(0, matcher.Match("la opposition de meta").Language);
        Assert.Equal(LanguageGuess.Unclear, matcher.Match("la es de").Language);
    }
}
