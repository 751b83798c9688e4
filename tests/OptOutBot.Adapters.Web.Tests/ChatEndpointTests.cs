using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Adapters.Web.Tests;

public sealed class ChatEndpointTests : IAsyncLifetime
{
    private const string Id = "test-conversation-01";
    private WebTestServer server = null!;

    public async Task InitializeAsync() => server = await WebTestServer.StartAsync(new() { ["Web:RateLimitPerMinute"] = "0" });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Question_GetsTheAnswerWithChoicesLinksAndSources()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","text":"comment m'opposer sur insta ?"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("Paramètres", raw, StringComparison.Ordinal); // accents as they are, not \u escapes
        using var json = JsonDocument.Parse(raw);
        var root = json.RootElement;
        Assert.Equal("fr", root.GetProperty("locale").GetString());
        Assert.Equal("optout-instagram-steps", root.GetProperty("topic").GetString());
        Assert.Equal("topic", root.GetProperty("outcome").GetString());
        var message = root.GetProperty("messages")[0];
        Assert.Contains("Paramètres", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("s:instagram/done", message.GetProperty("choices")[0].GetProperty("action").GetString());
        Assert.Equal("https://www.facebook.com/privacy/center", message.GetProperty("links")[0].GetProperty("url").GetString());
        Assert.Equal("2025-04-14", message.GetProperty("sources")[0].GetProperty("date").GetString());
        var spans = message.GetProperty("blocks")[0].GetProperty("items")[0];
        Assert.Contains(spans.EnumerateArray(), s => s.TryGetProperty("bold", out var b) && b.GetBoolean());
        Assert.Contains(spans.EnumerateArray(), s => s.TryGetProperty("url", out var u) && u.GetString() == "https://www.facebook.com/help/contact");

        var turn = Assert.Single(server.Received);
        Assert.Equal(("web", Id, Id), (turn.Channel, turn.ConversationId, turn.UserId));
    }

    [Fact]
    public async Task ButtonPress_SendsTheActionToTheEngine()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","action":"s:instagram/done"}""");
        var root = await JsonAsync(response);
        Assert.Equal("flowStep", root.GetProperty("outcome").GetString());
        Assert.Equal("instagram/done", root.GetProperty("flowStep").GetString());
        Assert.True(root.GetProperty("continuesPrevious").GetBoolean());
    }

    [Fact]
    public async Task UnknownAction_GetsTheEnginesNormalAnswer()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","action":"t:does-not-exist"}""");
        var root = await JsonAsync(response);
        Assert.Equal("invalid", root.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task LanguageSwitch_SendsTheLanguageCommand_AndTheReplyIsInEnglish()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","command":"language","argument":"en"}""");
        var root = await JsonAsync(response);
        Assert.Equal("en", root.GetProperty("locale").GetString());
        Assert.Equal(new CommandInput("language", "en"), Assert.Single(server.Received).Input);
    }

    [Fact]
    public async Task Forget_SendsTheForgetCommandForThisConversation()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","command":"forget"}""");
        Assert.Equal("forget", (await JsonAsync(response)).GetProperty("command").GetString());
        var turn = Assert.Single(server.Received);
        Assert.Equal((new CommandInput("forget") as MessageInput, Id), (turn.Input, turn.UserId));
    }

    [Fact]
    public async Task AcceptLanguage_IsTheLocaleHint()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Json($$"""{"conversationId":"{{Id}}","text":"hello"}""") };
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9,fr;q=0.5");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("en-GB", Assert.Single(server.Received).LocaleHint);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("{\"conversationId\":\"test-conversation-01\",\"text\":5}")]
    [InlineData("{\"conversationId\":\"test-conversation-01\",\"text\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":1}}}}}}}}}")]
    [InlineData("")]
    public async Task MalformedJson_Gets400WithAClearError(string body)
    {
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var root = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("message").GetString()));
        Assert.Empty(server.Received);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task InvalidUtf8_Gets400()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"conversationId":"{{Id}}","text":"ab"}""");
        bytes[^4] = 0xC3; // a lead byte with no continuation
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await server.Client.PostAsync("/api/chat", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OneMegabyteBody_Gets413_AndTheProcessKeepsServing()
    {
        var body = $$"""{"conversationId":"{{Id}}","text":"{{new string('a', 1024 * 1024)}}"}""";
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body_too_large", (await JsonAsync(response, HttpStatusCode.RequestEntityTooLarge)).GetProperty("error").GetString());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_Gets413()
    {
        var body = $$"""{"conversationId":"{{Id}}","text":"{{new string('a', 64 * 1024)}}"}""";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task DeclaredHugeBody_Gets413WithoutBeingSent()
    {
        // Declare 1 GB, send only the headers: the answer must come without the server waiting for the body.
        var address = server.Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/chat HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task EmptyText_GetsTheEnginesNormalAnswer()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","text":""}""");
        Assert.Equal("invalid", (await JsonAsync(response)).GetProperty("outcome").GetString());
        Assert.Equal(new TextInput(""), Assert.Single(server.Received).Input);
    }

    [Fact]
    public async Task TenThousandCharacters_Gets400TextTooLong_BeforeTheEngine()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","text":"{{new string('a', 10_000)}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text_too_long", (await JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task ControlCharacters_AreStrippedBeforeTheEngine()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","text":"insta\u0000\u0007\u001b[31m\r\nopt out\u202e"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new TextInput("insta[31m  opt out"), Assert.Single(server.Received).Input);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task WrongContentType_Gets415(string contentType)
    {
        using var content = new StringContent($$"""{"conversationId":"{{Id}}","text":"hi"}""");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await server.Client.PostAsync("/api/chat", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task BadConversationId_Gets400()
    {
        using var response = await PostAsync("""{"conversationId":"x","text":"hi"}""");
        Assert.Equal("bad_conversation_id", (await JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task EngineFailure_GetsTheApology_NotA5xx_AndTheProcessKeepsServing()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","text":"boom"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(OptOutBot.Testing.TestGuard.Apology, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task GetOnTheEndpoint_IsNotAllowed()
    {
        using var response = await server.Client.GetAsync("/api/chat");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private async Task AssertStillServingAsync()
    {
        using var response = await PostAsync($$"""{"conversationId":"{{Id}}","text":"still there?"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string body) => server.Client.PostAsync("/api/chat", Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.Equal(expected, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
