using OptOutBot.Engine.Content;
using OptOutBot.Testing;

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
}
