using System.Text.Json;
using OptOutBot.Adapters.Discord.Interactions;
using OptOutBot.Adapters.Discord.Tests.Support;
using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Tests.Interactions;

public sealed class DiscordCommandsTests
{
    [Fact]
    public void EveryCatalogCommand_IsRegisteredWithLocalisedDescriptions()
    {
        var commands = DiscordCommands.Build(Fakes.Catalog().Object);

        Assert.Equal(["optout", "ask", "deadline", "language", "forget", "about"], commands.Select(c => c.Name));
        var optout = commands[0];
        Assert.Equal("Object, step by step", optout.Description);
        Assert.Equal("S'opposer, étape par étape", optout.DescriptionLocalizations!["fr"]);
        Assert.Equal("Object, step by step", optout.DescriptionLocalizations["en-US"]);
        Assert.Equal("Object, step by step", optout.DescriptionLocalizations["en-GB"]);
        Assert.Equal([0, 1, 2], optout.Contexts);
    }

    [Fact]
    public void LocalisedCommandNames_ShowInFrenchMenus_OnlyWhenDiscordAcceptsThem()
    {
        var catalog = Fakes.Catalog();
        catalog.SetupGet(c => c.Commands).Returns(
        [
            new OptOutBot.Engine.Ports.CommandInfo("forget", new Dictionary<string, string> { ["fr"] = "Tout effacer", ["en"] = "Erase everything" })
            {
                LocalizedNames = new Dictionary<string, string> { ["fr"] = "oublier" },
            },
            new OptOutBot.Engine.Ports.CommandInfo("about", new Dictionary<string, string> { ["fr"] = "À propos", ["en"] = "About" })
            {
                LocalizedNames = new Dictionary<string, string> { ["fr"] = "À Propos" },
            },
        ]);

        var commands = DiscordCommands.Build(catalog.Object);

        Assert.Equal("forget", commands[0].Name);
        Assert.Equal("oublier", commands[0].NameLocalizations!["fr"]);
        Assert.Null(commands[1].NameLocalizations);
    }

    [Fact]
    public void PlatformArgument_IsAnOptionalChoice_QuestionIsRequiredWithAutocomplete()
    {
        var commands = DiscordCommands.Build(Fakes.Catalog().Object);

        var platform = commands.Single(c => c.Name == "optout").Options!.Single();
        Assert.Equal("platform", platform.Name);
        Assert.Equal(3, platform.Type);
        Assert.Null(platform.Required);
        Assert.Equal(["facebook", "instagram"], platform.Choices!.Select(c => c.Value));
        var question = commands.Single(c => c.Name == "ask").Options!.Single();
        Assert.True(question.Required);
        Assert.True(question.Autocomplete);
        Assert.Null(question.Choices);
        Assert.Equal("Votre question", question.DescriptionLocalizations!["fr"]);
    }

    [Fact]
    public void Serialized_UsesDiscordFieldNames()
    {
        var json = JsonSerializer.Serialize(DiscordCommands.Build(Fakes.Catalog().Object), DiscordJsonContext.Default.ListApplicationCommand);

        Assert.Contains("\"description_localizations\":{", json, StringComparison.Ordinal);
        Assert.Contains("\"autocomplete\":true", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }
}

/// <summary>A command and a language added as content and one class only reach Discord's command list.</summary>
public sealed class ThrowawayCommandOnDiscordTests
{
    [Fact]
    public void ThrowawayCommand_InTheThirdLanguage_IsRegisteredWithItsLocalisations()
    {
        using var folder = new OptOutBot.Testing.ThrowawayContent();

        var commands = DiscordCommands.Build(folder.Load());

        var echo = Assert.Single(commands, c => c.Name == "echo");
        Assert.Equal("[en] Say it back", echo.Description);
        Assert.Equal("[de] Say it back", echo.DescriptionLocalizations!["de"]);
        Assert.Equal("[fr] Say it back", echo.DescriptionLocalizations["fr"]);
        Assert.Equal("[de] What to say back", Assert.Single(echo.Options!).DescriptionLocalizations!["de"]);
        Assert.Equal(["fr", "en", "de"], Assert.Single(commands, c => c.Name == "language").Options![0].Choices!.Select(c => c.Value));
    }
}
