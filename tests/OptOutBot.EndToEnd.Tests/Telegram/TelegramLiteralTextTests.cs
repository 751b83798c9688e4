using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// The real host in webhook mode: what a person types into a command comes back as text, HTML-escaped, never as a
/// link or bold text the bot would post to a whole group.
/// </summary>
public sealed class TelegramLiteralTextTests : TelegramWebhookHostTests
{
    [Theory]
    [InlineData(1, "[x](https://evil.example) **b**", "[x](https://evil.example) **b**")]
    // The argument is cut at 40 characters, inside the link.
    [InlineData(2, "[click](https://evil.example/a-long-path-that-is-cut-at-forty)", "[click](https://evil.example/a-long-path")]
    public async Task OptOutWithMarkupInTheArgument_RepeatsItAsEscapedText(long updateId, string argument, string shown)
    {
        var text = JsonSerializer.Serialize("/optout " + argument);
        var body = $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"date":1748300000,"chat":{"id":-100200,"type":"group","title":"G"},"from":{"id":1001,"is_bot":false,"first_name":"A","language_code":"en"},"text":{{{text}}},"entities":[{"type":"bot_command","offset":0,"length":7}]}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret");

        using var response = await Http.SendAsync(request);

        var call = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("sendMessage", "HTML"), ((string?)call["method"], (string?)call["parse_mode"]));
        var html = (string)call["text"]!;
        var root = XElement.Parse("<r>" + html + "</r>"); // well-formed: every tag the bot wrote is closed, nothing half-open
        Assert.DoesNotContain(root.Descendants("a"), a => ((string?)a.Attribute("href"))!.Contains("evil", StringComparison.Ordinal));
        Assert.All(root.Descendants("b"), b => Assert.DoesNotContain("evil", b.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(root.Descendants("b"), b => b.Value == "b");
        Assert.Contains(shown, root.Value, StringComparison.Ordinal);
    }
}
