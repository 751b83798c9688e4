using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>The host in webhook mode over real HTTP, with our fake Bot API on loopback receiving the calls made outside the webhook response.</summary>
public sealed class TelegramWebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret-Value_1";

    private readonly ScriptedEngine _engine = new();
    private readonly MemoryUpdateLog _updateLog = new();
    private FakeBotApiServer _api = null!;
    private TelegramTestHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApiServer.StartAsync();
        _host = await TelegramTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = "123:TEST",
                ["Telegram:ApiBaseUrl"] = _api.BaseAddress.ToString(),
                ["Telegram:Mode"] = "webhook",
                ["Telegram:WebhookSecret"] = Secret,
                ["Telegram:BotUsername"] = "FakeBot",
            },
            _engine,
            _updateLog);
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static string TextUpdate(long updateId, string text, long chatId = 42) =>
        $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"date":1748300000,"chat":{"id":{{{chatId}}},"type":"private","first_name":"A"},"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"A","language_code":"fr"},"text":"{{{text}}}"}}""";

    private Task<HttpResponseMessage> PostAsync(string body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return _http.SendAsync(request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("s3cret-Value_2")]
    [InlineData("s3cret")]
    [InlineData("s3cret-Value_1-and-more")]
    public async Task ForgedWebhook_401_NothingProcessedNorStored(string? secret)
    {
        using var response = await PostAsync(TextUpdate(1, "hello"), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_engine.Received);
        Assert.Empty(_updateLog.Recorded);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Text_AnsweredInlineInTheWebhookResponse()
    {
        using var response = await PostAsync(TextUpdate(2, "hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var call = JsonNode.Parse(raw)!.AsObject();
        Assert.Equal("sendMessage", (string?)call["method"]);
        Assert.Equal(["chat_id", "link_preview_options", "method", "parse_mode", "reply_markup", "text"], call.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Contains("<b>Bonjour</b>", raw);
        Assert.Equal(42, (long)call["chat_id"]!);
        Assert.Equal("HTML", (string?)call["parse_mode"]);
        Assert.StartsWith("<b>Bonjour</b> &lt;hello&gt;", (string?)call["text"]);
        Assert.Equal("s:demo/one", (string?)call["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task TwoShortMessages_JoinedAndAnsweredInline()
    {
        using var response = await PostAsync(TextUpdate(7, "two"));

        var call = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("sendMessage", "first\n\nsecond"), ((string?)call["method"], (string?)call["text"]));
    }

    [Fact]
    public async Task RedeliveredUpdate_TurnRunOnce_StoredAnswerSentAgain()
    {
        using var first = await PostAsync(TextUpdate(3, "hello"));
        using var again = await PostAsync(TextUpdate(3, "hello"));

        // Telegram redelivers only what it did not get: the same inline answer goes back, the engine is not asked again.
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single(_engine.Received);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"update_id":"abc","message":12}""")]
    [InlineData("")]
    // Authentic shapes the Bot API never sends: a date in milliseconds (beyond year 9999), a chat member without its status.
    [InlineData("""{"update_id":20,"message":{"message_id":20,"date":1748300000000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":"hi"}}""")]
    [InlineData("""{"update_id":21,"my_chat_member":{"chat":{"id":-1,"type":"group"},"from":{"id":1,"is_bot":false,"first_name":"A"},"date":1,"old_chat_member":{"user":{"id":123,"is_bot":true,"first_name":"B"}},"new_chat_member":{"user":{"id":123,"is_bot":true,"first_name":"B"}}}}""")]
    public async Task MalformedButAuthentic_AcknowledgedAndHostCarriesOn(string body)
    {
        using var bad = await PostAsync(body);
        using var good = await PostAsync(TextUpdate(4, "hello"));

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Single(_engine.Received);
    }

    [Theory]
    // A lone surrogate (escaped, as Telegram's JSON would carry it) and emoji next to the mention entity (offsets count UTF-16 units).
    [InlineData(30, "\\ud83d hi", null)]
    [InlineData(31, "\\ud83d\\ude00 @FakeBot hi", ""","entities":[{"type":"mention","offset":3,"length":8}]""")]
    [InlineData(32, "@FakeBot hi", ""","entities":[{"type":"mention","offset":1,"length":400}]""")]
    [InlineData(33, "@FakeBot hi", ""","entities":[{"type":"mention","offset":-3,"length":8},{"type":"text_mention","offset":0,"length":0}]""")]
    public async Task OddButAuthenticGroupText_NeverA5xx(long updateId, string text, string? entities)
    {
        var body = $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"date":1748300000,"chat":{"id":-7,"type":"group","title":"G"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":"{{{text}}}"{{{entities}}}}}""";

        using var response = await PostAsync(body);
        using var good = await PostAsync(TextUpdate(updateId + 100, "hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task ButtonPress_CallbackAnsweredInline_MessageEditedThroughTheApi()
    {
        using var response = await PostAsync("""
            {"update_id":5,"callback_query":{"id":"cb-5","from":{"id":42,"is_bot":false,"first_name":"A"},"chat_instance":"1",
             "message":{"message_id":900,"date":1,"chat":{"id":42,"type":"private"}},"data":"s:demo/one"}}
            """);

        var inline = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("answerCallbackQuery", "cb-5"), ((string?)inline["method"], (string?)inline["callback_query_id"]));
        var edit = Assert.Single(await _api.WaitForCallsAsync("editMessageText", 1));
        Assert.Equal((42L, 900L, "Step one"), ((long)edit["chat_id"]!, (long)edit["message_id"]!, (string?)edit["text"]));
    }

    [Fact]
    public async Task LongAnswer_WebhookAnsweredAtOnce_PartsSentInOrderThroughTheApi()
    {
        // Each part takes the fake API 3 s: a webhook answered within that time did not wait for the parts. (The margin
        // is wide because a loaded 2-core CI machine can take over a second to schedule an immediate answer.)
        var partDelay = TimeSpan.FromSeconds(3);
        _api.Script("sendMessage", 200, """{"ok":true,"result":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"}}}""", delay: partDelay);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await PostAsync(TextUpdate(6, "long"));
        var answeredIn = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(answeredIn < partDelay, $"webhook held open {answeredIn}");
        var sent = await _api.WaitForCallsAsync("sendMessage", 3);
        Assert.StartsWith("Line 1 ", (string?)sent[0]["text"]);
        Assert.StartsWith("Line ", (string?)sent[1]["text"]);
        Assert.DoesNotContain("Line 1 ", (string?)sent[1]["text"]);
    }

    [Fact]
    public async Task PollingEndpointAbsent_InWebhookModeGetUpdatesNeverCalled()
    {
        await Task.Delay(300);

        Assert.Empty(_api.CallsTo("getUpdates"));
    }
}
