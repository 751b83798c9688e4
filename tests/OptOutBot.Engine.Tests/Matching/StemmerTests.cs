using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

public sealed class StemmerTests
{
    [Theory]
    [InlineData("opposition", "oppos")]
    [InlineData("messages", "messag")]
    [InlineData("training", "train")]
    [InlineData("dates", "date")]   // "dat" would be too short a stem: the shorter suffix is removed instead
    [InlineData("coment", "coment")] // a typo of "comment" must not become "com" (the lexicon's word for comments)
    [InlineData("post", "post")]    // words under five letters are left alone
    [InlineData("2026", "2026")]
    public void Stem_RemovesTheLongestSuffixThatLeavesFourLetters(string word, string stem)
    {
        Assert.Equal(stem, Stemmer.Stem(word).ToString());
    }

    [Fact]
    public void Stem_OppositionAndOpposerMeet()
    {
        Assert.Equal(Stemmer.Stem("opposer").ToString(), Stemmer.Stem("opposition").ToString());
    }
}
