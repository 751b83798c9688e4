using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Opposé À L'IA", "oppose a l ia")]
    [InlineData("cœur et Æsop", "coeur et aesop")]
    [InlineData("  what's   up?!  ", "what s up")]
    [InlineData("Straße", "strasse")]
    [InlineData("e\u0301te\u0301", "ete")] // accents typed as separate combining marks
    public void Fold_FoldsCaseAccentsLigaturesAndPunctuation(string text, string folded)
    {
        Assert.Equal(folded, TextNormalizer.Fold(text));
    }

    [Fact]
    public void Fold_IntoSpan_WritesOneSpacePerPunctuationAndExpandsLigatures()
    {
        Span<char> buffer = stackalloc char[16];

        var n = TextNormalizer.Fold("Œuf!", buffer);

        Assert.Equal("oeuf ", buffer[..n].ToString());
    }
}
