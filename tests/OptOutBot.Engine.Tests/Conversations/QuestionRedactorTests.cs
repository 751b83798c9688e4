using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>What the opt-in question log keeps must not identify anyone.</summary>
public sealed class QuestionRedactorTests
{
    [Theory]
    [InlineData("écrivez-moi à zoe.martin+ai@example.co.uk svp", "écrivez-moi à [email] svp")]
    [InlineData("mon numéro 06 12 34 56 78 ok", "mon numéro [phone] ok")]
    [InlineData("call +33 6 12 34 56 78", "call [phone]")]
    [InlineData("voir https://www.facebook.com/profile.php?id=100012345", "voir [url]")]
    [InlineData("voir www.example.org/zoe", "voir [url]")]
    [InlineData("mon compte a 3 ans et 12 amis", "mon compte a # ans et # amis")]
    [InlineData("comment m'opposer sur insta ?", "comment m'opposer sur insta ?")]
    public void Redact_RemovesWhatCouldIdentifySomeone(string question, string expected)
    {
        Assert.Equal(expected, QuestionRedactor.Redact(question));
    }

    [Fact]
    public void Redact_PhoneWithParenthesesAndDashes_KeepsNoDigit()
    {
        var redacted = QuestionRedactor.Redact("appelez le (01) 23-45-67-89");

        Assert.Contains("[phone]", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(redacted, char.IsAsciiDigit);
    }

    [Fact]
    public void Redact_KeepsNoDigitAtAll()
    {
        var redacted = QuestionRedactor.Redact("id 123456789, code 42, born 1990-04-05, zoe@mail.com, https://x.y/1");

        Assert.DoesNotContain(redacted, char.IsAsciiDigit);
        Assert.DoesNotContain("zoe", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_LongQuestion_IsCutTo300Characters()
    {
        Assert.Equal(300, QuestionRedactor.Redact(new string('a', 5000)).Length);
    }
}
