using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>The web chat endpoint of the real host over real HTTP: the real engine, content and SQLite state.</summary>
public sealed class WebChatEndToEndTests : IAsyncLifetime
{
    private RunningBot bot = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Web:RateLimitPerMinute"] = "0" });
        client = bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await bot.DisposeAsync();
    }

    [Fact]
    public async Task Question_IsAnsweredWithTheInstagramGuide_InFrench()
    {
        var reply = await ChatAsync("""{"conversationId":"e2e-question-1","text":"comment m'opposer sur insta ?"}""");
        Assert.Equal("optout-instagram-steps", reply.GetProperty("topic").GetString());
        Assert.Equal("fr", reply.GetProperty("locale").GetString());
        Assert.NotEmpty(AllChoices(reply));
    }

    [Fact]
    public async Task ButtonPress_MovesTheConversationOn()
    {
        var first = await ChatAsync("""{"conversationId":"e2e-button-01","text":"comment m'opposer sur insta ?"}""");
        var action = AllChoices(first).First().GetProperty("action").GetString();
        var next = await ChatAsync($$"""{"conversationId":"e2e-button-01","action":"{{action}}"}""");
        Assert.NotEqual("invalid", next.GetProperty("outcome").GetString());
        Assert.NotEmpty(next.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task LanguageSwitch_MakesTheNextAnswersEnglish()
    {
        var switched = await ChatAsync("""{"conversationId":"e2e-language-1","command":"language","argument":"en"}""");
        Assert.Equal("en", switched.GetProperty("locale").GetString());
        var answer = await ChatAsync("""{"conversationId":"e2e-language-1","text":"comment m'opposer sur insta ?"}""");
        Assert.Equal("en", answer.GetProperty("locale").GetString());
        Assert.Equal("optout-instagram-steps", answer.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Forget_AfterConfirmation_ErasesTheSavedLanguage()
    {
        await ChatAsync("""{"conversationId":"e2e-forget-01","command":"language","argument":"en"}""");
        var ask = await ChatAsync("""{"conversationId":"e2e-forget-01","command":"forget"}""");
        var yes = AllChoices(ask).Select(c => c.GetProperty("action").GetString()).First(a => a!.EndsWith(":yes", StringComparison.Ordinal));
        var done = await ChatAsync($$"""{"conversationId":"e2e-forget-01","action":"{{yes}}"}""");
        Assert.Equal("command", done.GetProperty("outcome").GetString());
        var after = await ChatAsync("""{"conversationId":"e2e-forget-01","text":"comment m'opposer sur insta ?"}""");
        Assert.Equal("fr", after.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task BadInputs_Get4xxOrANormalAnswer_AndTheBotKeepsServing()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync("{\"conversationId\":"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await StatusAsync($$"""{"conversationId":"e2e-bad-input","text":"{{new string('x', 1024 * 1024)}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync($$"""{"conversationId":"e2e-bad-input","text":"{{new string('x', 10_000)}}"}"""));
        Assert.Equal("invalid", (await ChatAsync("""{"conversationId":"e2e-bad-input","text":""}""")).GetProperty("outcome").GetString());
        Assert.Equal("invalid", (await ChatAsync("""{"conversationId":"e2e-bad-input","action":"t:no-such-topic"}""")).GetProperty("outcome").GetString());
        var controls = await ChatAsync("""{"conversationId":"e2e-bad-input","text":"comment m'opposer\u0000 sur\u001b insta\u0007 ?"}""");
        Assert.Equal("optout-instagram-steps", controls.GetProperty("topic").GetString());
        using (var plain = new StringContent("""{"conversationId":"e2e-bad-input","text":"hi"}""", Encoding.UTF8, "text/plain"))
        {
            using var response = await client.PostAsync("/api/chat", plain);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("optout-instagram-steps", (await ChatAsync("""{"conversationId":"e2e-bad-input","text":"comment m'opposer sur insta ?"}""")).GetProperty("topic").GetString());
    }

    [Fact]
    public async Task OffTopicQuestion_GetsTheFallbackWithTheMenu()
    {
        var reply = await ChatAsync("""{"conversationId":"e2e-fallback1","text":"recette de crêpes"}""");
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("topic").ValueKind);
        Assert.NotEmpty(AllChoices(reply));
    }

    [Fact]
    public async Task ChatPage_IsServedByTheHost()
    {
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"log\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](https://evil.example) **b**", "[x](https://evil.example) **b**")]
    // The argument is cut at 40 characters, inside the link.
    [InlineData("[click](https://evil.example/a-long-path-that-is-cut-at-forty)", "[click](https://evil.example/a-long-path")]
    public async Task OptOutWithMarkupInTheArgument_RepeatsItAsPlainText(string argument, string shown)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["conversationId"] = "e2e-literal-" + shown.Length, ["command"] = "optout", ["argument"] = argument });

        var reply = await ChatAsync(body);

        var spans = reply.GetProperty("messages").EnumerateArray()
            .SelectMany(m => m.GetProperty("blocks").EnumerateArray())
            .SelectMany(b => b.GetProperty("items").EnumerateArray())
            .SelectMany(i => i.EnumerateArray())
            .ToList();
        Assert.DoesNotContain(spans, s => s.TryGetProperty("url", out var url) && url.GetString()!.Contains("evil", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, s => s.TryGetProperty("bold", out var bold) && bold.GetBoolean() && s.GetProperty("text").GetString() == "b");
        Assert.Contains(shown, string.Concat(spans.Select(s => s.GetProperty("text").GetString())), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> AllChoices(JsonElement reply) =>
        reply.GetProperty("messages").EnumerateArray().SelectMany(m => m.GetProperty("choices").EnumerateArray()).ToList();

    private async Task<JsonElement> ChatAsync(string body)
    {
        using var response = await client.PostAsync("/api/chat", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private async Task<HttpStatusCode> StatusAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/api/chat", content);
        return response.StatusCode;
    }
}
