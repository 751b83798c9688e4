using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Testing;
using OptOutBot.Testing.Transcripts;

namespace OptOutBot.Engine.Tests.Content;

/// <summary>
/// German, Spanish, Italian and Dutch are complete in dialogs/ but not served by default (languages.yaml): loaded all
/// six with Content:Locales, as an operator turns them on, the content must stay valid and answer in each language.
/// </summary>
public sealed class SixLanguagesTests
{
    private static readonly string[] Six = ["fr", "en", "de", "es", "it", "nl"];

    private static BotContent LoadSix()
    {
        var (content, problems) = BotContent.TryLoad(RepositoryPaths.Root, new ContentOptions { Locales = Six }, TimeProvider.System);
        Assert.True(content is not null, string.Join("\n", problems.Where(p => p.Severity == ContentSeverity.Error)));
        return content;
    }

    [Fact]
    public void AllSixLanguages_LoadWithoutErrors_EveryOneComplete()
    {
        var content = LoadSix();

        Assert.Equal(Six, content.Locales);
        Assert.All(Six, l => Assert.Equal(content.Topics("en").Count, content.Topics(l).Count));
    }

    [Theory]
    [InlineData("wie widerspreche ich bei instagram?", "de", "optout-instagram-steps")]
    [InlineData("¿cómo me opongo en facebook?", "es", "optout-facebook-steps")]
    [InlineData("come mi oppongo su instagram?", "it", "optout-instagram-steps")]
    [InlineData("hoe maak ik bezwaar op facebook?", "nl", "optout-facebook-steps")]
    public void EachNewLanguage_QuestionWithoutHint_IsAnsweredInItsOwnLanguage(string question, string language, string topic)
    {
        var content = LoadSix();
        var match = content.Matcher.Match(question);

        Assert.Equal(topic, content.Matcher.TopicId(match.First));
        Assert.Equal(language, content.Locales[match.Language]);
    }
}
