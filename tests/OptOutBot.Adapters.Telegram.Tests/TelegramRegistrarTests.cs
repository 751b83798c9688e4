using Moq;
using OptOutBot.Adapters.Telegram.Tests.Support;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram.Tests;

public sealed class TelegramRegistrarTests
{
    private static Mock<IContentCatalog> Catalog()
    {
        var catalog = new Mock<IContentCatalog>();
        catalog.Setup(c => c.Locales).Returns(["fr", "en"]);
        catalog.Setup(c => c.DefaultLocale).Returns("fr");
        catalog.Setup(c => c.PlatformLocales("telegram", It.IsAny<string>())).Returns((string _, string l) => [l]);
        catalog.Setup(c => c.Commands).Returns([
            new CommandInfo("optout", new Dictionary<string, string> { ["fr"] = "S'opposer pas à pas", ["en"] = "Object step by step" }),
            new CommandInfo("about", new Dictionary<string, string> { ["fr"] = "À propos" }),
            new CommandInfo("Bad-Name", new Dictionary<string, string> { ["fr"] = "x" }),
        ]);
        return catalog;
    }

    [Fact]
    public async Task Register_MenusPerLanguageAndDefault_ThenWebhookWithSecret()
    {
        var bot = new TestBot(new TelegramOptions { BotToken = "123:TEST", PublicUrl = "https://bot.example.org" });
        var registrar = new TelegramRegistrar(bot.Api, Catalog().Object, bot.Options);
        var output = new StringWriter();

        var exit = await registrar.RegisterAsync(new Dictionary<string, string>(), output);

        Assert.Equal(0, exit);
        var menus = bot.Http.BodiesOf("setMyCommands").ToList();
        Assert.Equal(["fr", "en", null], menus.Select(m => (string?)m["language_code"]));
        Assert.Equal(["Object step by step", "À propos"], menus[1]["commands"]!.AsArray().Select(c => (string?)c!["description"]));
        Assert.Equal(["optout", "about"], menus[2]["commands"]!.AsArray().Select(c => (string?)c!["command"]));
        var webhook = Assert.Single(bot.Http.BodiesOf("setWebhook"));
        Assert.Equal("https://bot.example.org/telegram/webhook", (string?)webhook["url"]);
        Assert.Equal(TelegramOptions.DeriveSecret("123:TEST"), (string?)webhook["secret_token"]);
        Assert.DoesNotContain(TelegramOptions.DeriveSecret("123:TEST"), output.ToString());
        Assert.DoesNotContain("123:TEST", output.ToString());
    }

    [Fact]
    public void RepositoryContent_OneMenuPerLanguage_EachInItsOwnLanguage()
    {
        IContentCatalog catalog = OptOutBot.Testing.RealContent.Value;

        var menus = TelegramRegistrar.CommandMenus(catalog).ToList();

        // The six languages of dialogs/languages.yaml, then the default list (no language_code) in French.
        Assert.Equal(["fr", "en", "de", "es", "it", "nl", null], menus.Select(m => m.LanguageCode));
        var names = menus[0].Commands.Select(c => c.Command).ToList();
        Assert.True(names.Count >= 8, $"only {names.Count} commands in the menu");
        foreach (var menu in menus)
        {
            Assert.Equal(names, menu.Commands.Select(c => c.Command));
            Assert.All(menu.Commands, c => Assert.InRange(c.Description.Length, 3, 256));
        }

        // Written in each language, not the default language's text reused: every menu differs from every other.
        var texts = menus.Take(6).Select(m => string.Join("|", m.Commands.Select(c => c.Description))).ToList();
        Assert.Equal(6, texts.Distinct().Count());
        foreach (var menu in menus.Skip(1).Take(5))
        {
            var same = menu.Commands.Zip(menus[0].Commands).Count(p => p.First.Description == p.Second.Description);
            Assert.True(same <= 1, $"{menu.LanguageCode}: {same} descriptions are the French ones");
        }
    }

    [Fact]
    public async Task Register_NoPublicUrl_DeletesWebhookForPolling()
    {
        var bot = new TestBot(new TelegramOptions { BotToken = "123:TEST" });

        var exit = await new TelegramRegistrar(bot.Api, Catalog().Object, bot.Options).RegisterAsync(new Dictionary<string, string>(), new StringWriter());

        Assert.Equal(0, exit);
        Assert.Single(bot.Http.BodiesOf("deleteWebhook"));
        Assert.Empty(bot.Http.BodiesOf("setWebhook"));
    }

    [Fact]
    public async Task Register_BadToken_SaysWhichSetting()
    {
        var bot = new TestBot(new TelegramOptions { BotToken = "123:TEST" });
        bot.Http.Enqueue("getMe", System.Net.HttpStatusCode.Unauthorized, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
        var output = new StringWriter();

        var exit = await new TelegramRegistrar(bot.Api, Catalog().Object, bot.Options).RegisterAsync(new Dictionary<string, string>(), output);

        Assert.Equal(1, exit);
        Assert.Contains("Telegram:BotToken", output.ToString());
    }
}

/// <summary>A command and a language added as content and one class only reach Telegram's command menus.</summary>
public sealed class ThrowawayCommandOnTelegramTests
{
    [Fact]
    public void ThrowawayCommand_IsInTheMenuOfEveryLanguage_IncludingTheThird()
    {
        using var folder = new OptOutBot.Testing.ThrowawayContent();

        var menus = TelegramRegistrar.CommandMenus(folder.Load()).ToList();

        Assert.Equal(["fr", "en", "de", null], menus.Select(m => m.LanguageCode));
        var german = menus.Single(m => m.LanguageCode == "de");
        Assert.Contains(german.Commands, c => c.Command == "echo" && c.Description == "[de] Say it back");
        Assert.Contains(german.Commands, c => c.Command == "forget" && c.Description == "Alles löschen, was der Bot über Sie speichert");
    }
}
