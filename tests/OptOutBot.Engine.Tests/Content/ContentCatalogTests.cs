using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Content;

/// <summary>What adapters read from the content: languages, topic titles, commands and interface strings.</summary>
public sealed class ContentCatalogTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("en_US", "en")]
    [InlineData(" FR ", "fr")]
    [InlineData("fr-CA", "fr")]
    [InlineData("de-DE", "de")]
    [InlineData("es-ES", "es")]
    [InlineData("nl-BE", "nl")]
    [InlineData("pt-PT", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ResolveLocale_PlatformLanguageTags_MapToAContentLanguage(string? tag, string? expected)
    {
        Assert.Equal(expected, fixture.Content.ResolveLocale(tag));
    }

    [Fact]
    public void Locales_FrenchFirstAsTheDefault()
    {
        Assert.Equal(["fr", "en", "de", "es", "it", "nl"], fixture.Content.Locales);
        Assert.Equal("fr", fixture.Content.DefaultLocale);
    }

    [Fact]
    public void Topics_AreListedWithTheirTitleInEachLanguage()
    {
        var fr = fixture.Content.Topics("fr");
        var en = fixture.Content.Topics("en");

        Assert.Equal(fr.Select(t => t.Id).Order(StringComparer.Ordinal), en.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal("Comment m'opposer ?", fr.Single(t => t.Id == "optout-how").Title);
        Assert.All(en, t => Assert.InRange(t.Title.Length, 1, 80));
    }

    [Fact]
    public void Text_UnknownLanguage_FallsBackToFrench_AndUnknownKeyToTheKey()
    {
        Assert.Equal(fixture.Content.Text("fr", "menu.button"), fixture.Content.Text("pt", "menu.button"));
        Assert.Equal("no.such.key", fixture.Content.Text("en", "no.such.key"));
        Assert.Equal("Main menu", fixture.Content.Text("en", "menu.button"));
    }

    [Fact]
    public void Commands_HaveAShortDescriptionInEveryLanguage()
    {
        var commands = fixture.Content.Commands;

        Assert.Contains(commands, c => c.Name == "optout");
        foreach (var command in commands)
        {
            foreach (var locale in fixture.Content.Locales)
            {
                var description = command.Descriptions[locale];
                Assert.InRange(description.Length, 1, 100);
                Assert.NotEqual(command.Name, description);
            }
        }
    }

    [Fact]
    public void OptOutCommand_OffersFacebookAndInstagramAsArgumentChoices()
    {
        var optout = fixture.Content.Commands.Single(c => c.Name == "optout");

        Assert.NotNull(optout.Argument);
        Assert.Contains("facebook", optout.Argument.Choices);
        Assert.Contains("instagram", optout.Argument.Choices);
    }
}
