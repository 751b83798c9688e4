using OptOutBot.Adapters.BotFramework.Tests.Support;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>
/// Plays a Bot Framework channel (Web Chat or Teams) for one conversation: posts activities to the bot's
/// /api/messages with a channel token, and collects the activities the bot sent to the fake Connector, each one
/// checked against the Connector schema.
/// </summary>
internal sealed class ChannelClient(RunningBot bot, FakeBotFrameworkCloud cloud, string channelId, bool isGroup = false, string? locale = null)
{
    private static readonly HttpClient Http = new();
    private int _sequence;

    public string ConversationId { get; init; } = (channelId == "msteams" ? "a:1" : "") + Guid.NewGuid().ToString("N");

    public string UserId { get; init; } = (channelId == "msteams" ? "29:" : "dl_") + Guid.NewGuid().ToString("N")[..12];

    public string BotId { get; } = channelId == "msteams" ? "28:" + TestTokens.AppId : "optoutbot@abc";

    public List<ConnectorCall> LastReplies { get; private set; } = [];

    public Func<string>? TokenOverride { get; set; }

    public JsonObject Activity(string type)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = $"{channelId}-{++_sequence}",
            ["timestamp"] = "2026-11-22T10:00:00.000Z",
            ["serviceUrl"] = cloud.ServiceUrl,
            ["channelId"] = channelId,
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = "Ana", ["role"] = "user" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["isGroup"] = isGroup, ["conversationType"] = isGroup ? "groupChat" : "personal", ["tenantId"] = "tenant-1" },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "OptOutBot", ["role"] = "bot" },
        };
        if (locale is not null)
        {
            activity["locale"] = locale;
        }

        if (channelId == "msteams")
        {
            activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } };
        }

        return activity;
    }

    public Task<List<ConnectorCall>> SayAsync(string text)
    {
        var activity = Activity("message");
        activity["text"] = text;
        activity["textFormat"] = "plain";
        return SendAsync(activity);
    }

    /// <summary>Presses the button with this label among the last replies, as the channel does for a messageBack.</summary>
    public Task<List<ConnectorCall>> PressAsync(string label)
    {
        var button = LastReplies.SelectMany(r => r.Buttons).FirstOrDefault(b => b.GetProperty("title").GetString() == label);
        Assert.True(button.ValueKind == JsonValueKind.Object, $"no button '{label}' in the last replies: {string.Join(", ", LastReplies.SelectMany(r => r.Buttons).Select(b => b.GetProperty("title").GetString()))}");
        Assert.Equal("messageBack", button.GetProperty("type").GetString());
        var activity = Activity("message");
        activity["text"] = button.GetProperty("text").GetString();
        activity["value"] = JsonNode.Parse(button.GetProperty("value").GetRawText());
        return SendAsync(activity);
    }

    public Task<List<ConnectorCall>> JoinAsync()
    {
        var activity = Activity("conversationUpdate");
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }, new JsonObject { ["id"] = UserId });
        return SendAsync(activity);
    }

    public async Task<List<ConnectorCall>> SendAsync(JsonObject activity)
    {
        var (status, replies) = await PostAsync(activity.ToJsonString(), "Bearer " + (TokenOverride?.Invoke() ?? cloud.Tokens.Channel(cloud.ServiceUrl)));
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var reply in replies)
        {
            var errors = ConnectorSchema.ValidateActivity(reply.Activity);
            Assert.True(errors.Count == 0, "activity does not match the Connector schema:\n" + string.Join("\n", errors) + "\n" + reply.Activity);
            Assert.Equal(activity["id"]!.GetValue<string>(), reply.ReplyToId);
            Assert.StartsWith("Bearer connector-token-", reply.Authorization, StringComparison.Ordinal);
            Assert.Equal(UserId, reply.Activity.GetProperty("recipient").GetProperty("id").GetString());
            Assert.Equal(BotId, reply.Activity.GetProperty("from").GetProperty("id").GetString());
        }

        LastReplies = replies;
        return replies;
    }

    /// <summary>Posts raw JSON with the given Authorization header (null = none); the replies are those for this conversation.</summary>
    public async Task<(HttpStatusCode Status, List<ConnectorCall> Replies)> PostAsync(string json, string? authorization)
    {
        cloud.Drain();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "api/messages")) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await Http.SendAsync(request);
        // The bot posts its replies before it answers, so everything is recorded by now.
        var replies = cloud.Drain().Where(c => c.ConversationId == ConversationId).ToList();
        return (response.StatusCode, replies);
    }
}
