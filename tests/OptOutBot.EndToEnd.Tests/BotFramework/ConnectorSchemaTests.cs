using System.Text.Json;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>The schema check must be able to fail, or the E2E tests prove nothing.</summary>
public sealed class ConnectorSchemaTests
{
    [Theory]
    [InlineData("""{"text":"no type"}""", "$.type")]
    [InlineData("""{"type":"message","txet":"typo"}""", "$.txet")]
    [InlineData("""{"type":"message","locale":""}""", "$.locale")]
    [InlineData("""{"type":"message","textFormat":"html"}""", "$.textFormat")]
    [InlineData("""{"type":"message","suggestedActions":{"actions":[{"type":"imBack","title":"x","value":"x"}]}}""", "$.suggestedActions.to")]
    [InlineData("""{"type":"message","suggestedActions":{"to":["u"],"actions":[{"type":"tapDance","title":"x"}]}}""", "$.suggestedActions.actions[0].type")]
    [InlineData("""{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.hero","content":{"buttons":[{"type":"openUrl"}]}}]}""", "$.attachments[0].content.buttons[0].title")]
    [InlineData("""{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.hero","content":{"button":[]}}]}""", "$.attachments[0].content.button")]
    [InlineData("""{"type":"message","conversation":{"id":"c","isGroup":"yes"}}""", "$.conversation.isGroup")]
    public void BadShapes_AreReported(string json, string path)
    {
        var errors = ConnectorSchema.ValidateActivity(JsonDocument.Parse(json).RootElement);

        Assert.Contains(errors, e => e.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public void AWellFormedReply_Passes()
    {
        const string json = """
            {"type":"message","from":{"id":"b","name":"Bot","role":"bot"},"recipient":{"id":"u"},"conversation":{"id":"c","tenantId":"t"},
             "replyToId":"a1","locale":"fr-FR","text":"**Bonjour**","textFormat":"markdown",
             "suggestedActions":{"to":["u"],"actions":[{"type":"messageBack","title":"Menu","text":"Menu","displayText":"Menu","value":{"actionId":"m"}}]},
             "attachmentLayout":"list","attachments":[{"contentType":"application/vnd.microsoft.card.hero","content":{"buttons":[{"type":"openUrl","title":"CNIL","value":"https://www.cnil.fr/"}]}}]}
            """;

        Assert.Empty(ConnectorSchema.ValidateActivity(JsonDocument.Parse(json).RootElement));
    }
}
