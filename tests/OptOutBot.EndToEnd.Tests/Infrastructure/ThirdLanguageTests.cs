using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.EndToEnd.Tests.Discord;
using OptOutBot.EndToEnd.Tests.Telegram;
using OptOutBot.Engine.Ports;
using OptOutBot.Testing;

namespace OptOutBot.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A language is content only: the real host serves <c>tests/content/three-languages</c> (French, English and a
/// minimal German added as a folder and a line of languages.yaml) on the web page, the Telegram webhook and Discord.
/// </summary>
public sealed class ThirdLanguageTests : IAsyncLifetime
{
    private static readonly string Content = Path.Combine(RepositoryPaths.Root, "tests", "content", "three-languages");

    private FakeBotApiServer _telegram = null!;
    private DiscordTestBot _bot = null!;

    private HttpClient Http => _bot.Http;

    public async Task InitializeAsync()
    {
        // The Discord test host, with this content folder and the Telegram webhook on too.
        _telegram = await FakeBotApiServer.StartAsync();
        _bot = await DiscordTestBot.StartAsync(new Dictionary<string, string?>
        {
            ["Content:Path"] = Content,
            ["Telegram:BotToken"] = "123:TEST",
            ["Telegram:ApiBaseUrl"] = _telegram.BaseAddress.ToString(),
            ["Telegram:Mode"] = "webhook",
            ["Telegram:WebhookSecret"] = "s3cret",
        });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public void Engine_LoadsTheThirdLanguage_FromTheContentsOwnList()
    {
        var catalog = _bot.Services.GetRequiredService<IContentCatalog>();

        Assert.Equal(["fr", "en", "de"], catalog.Locales);
        Assert.Equal("de", catalog.ResolveLocale("de-AT"));
    }

    [Fact]
    public async Task WebPage_OffersTheThirdLanguage_AndAnswersInIt()
    {
        var ui = (await Http.GetFromJsonAsync<JsonObject>("ui.json"))!;
        Assert.Equal(["fr", "en", "de"], ui["locales"]!.AsArray().Select(l => (string?)l));
        Assert.Equal("Senden", (string?)ui["strings"]!["de"]!["send"]);
        var page = await Http.GetStringAsync("/");
        Assert.Contains("data-lang=\"de\"", page, StringComparison.Ordinal);
        Assert.Contains("Die Seite konnte nicht geladen werden.", page, StringComparison.Ordinal);

        // No hint at all: the question's own stop words tell the third language apart from the first two.
        using var guessed = await Http.PostAsJsonAsync("api/chat", new { conversationId = "third-language-guess", text = "wie widerspreche ich auf instagram" });
        var answer = (await guessed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("de", (string?)answer["locale"]);
        Assert.StartsWith("Auf Instagram", (string?)answer["messages"]![0]!["text"], StringComparison.Ordinal);

        using var hinted = await Http.PostAsJsonAsync("api/chat", new { conversationId = "third-language-hint", command = "help", locale = "de-CH" });
        var menu = (await hinted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Was möchten Sie wissen?", (string?)menu["messages"]![0]!["text"]);
    }

    [Fact]
    public async Task Telegram_AnswersInTheThirdLanguage_AndRegistersItsCommandMenu()
    {
        var body = """{"update_id":7,"message":{"message_id":1,"date":1748300000,"chat":{"id":1001,"type":"private","first_name":"A"},"from":{"id":1001,"is_bot":false,"first_name":"A","language_code":"de"},"text":"/help"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret");

        using var response = await Http.SendAsync(request);

        var call = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("sendMessage", (string?)call["method"]);
        Assert.Contains("Was möchten Sie wissen?", (string?)call["text"], StringComparison.Ordinal);

        var registrar = _bot.Services.GetServices<IPlatformRegistrar>().Single(r => r.Platform == "telegram");
        var registered = new StringWriter();
        Assert.True(await registrar.RegisterAsync(new Dictionary<string, string>(), registered) == 0, "register telegram said: " + registered);
        var german = _telegram.CallsTo("setMyCommands").Select(c => c.Body).Single(b => (string?)b["language_code"] == "de");
        Assert.Contains(german["commands"]!.AsArray(), c => (string?)c!["command"] == "forget" && (string?)c["description"] == "Alles löschen, was der Bot über Sie speichert");
    }

    [Fact]
    public async Task Discord_AnswersInTheThirdLanguage_AndLocalisesItsCommands()
    {
        var person = new DiscordUserSession(_bot, _bot.NextId(), "2222222222222222222", inServer: false, "de");
        var answer = await _bot.InteractAsync(person.Command("optout", "platform", "instagram"));

        Assert.StartsWith("**Auf Instagram**", (string?)answer["data"]!["content"], StringComparison.Ordinal);

        var registrar = _bot.Services.GetServices<IPlatformRegistrar>().Single(r => r.Platform == "discord");
        Assert.Equal(0, await registrar.RegisterAsync(new Dictionary<string, string> { ["guild"] = DiscordTestBot.GuildId }, new StringWriter()));
        var commands = JsonNode.Parse(Assert.Single(_bot.Discord.Requests).Body)!.AsArray();
        var forget = commands.Single(c => (string?)c!["name"] == "forget")!;
        Assert.Equal("Alles löschen, was der Bot über Sie speichert", (string?)forget["description_localizations"]!["de"]);
        Assert.Equal("vergessen", (string?)forget["name_localizations"]!["de"]);
    }
}
