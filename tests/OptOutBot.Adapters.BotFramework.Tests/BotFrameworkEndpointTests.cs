using System.Net;
using OptOutBot.Adapters.BotFramework.Tests.Support;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Adapters.BotFramework.Tests;

public sealed class BotFrameworkEndpointTests
{
    private static string Token(AdapterFixture f) => "Bearer " + f.Platform.Tokens.Channel(FakePlatform.ServiceUrl);

    [Fact]
    public async Task Message_ReachesTheEngine_WithLocaleScopeAndAddress()
    {
        var f = new AdapterFixture();
        await f.PostAsync(AdapterFixture.Message(isGroup: true), Token(f));

        var message = Assert.Single(f.Received);
        Assert.Equal("botframework", message.Channel);
        Assert.Equal("conv:1;messageid=2", message.ConversationId);
        Assert.Equal("user-1", message.UserId);
        Assert.Equal(new TextInput("comment m'opposer sur insta ?"), message.Input);
        Assert.Equal("fr-FR", message.LocaleHint);
        Assert.Equal(ConversationScope.Group, message.Scope);
        Assert.Null(message.SenderIsAdmin);
        var (reference, trusted) = f.References.Decode(message.ReplyAddress!.Value)!.Value;
        Assert.True(trusted);
        Assert.Equal(FakePlatform.ServiceUrl, reference.ServiceUrl);
        Assert.Equal("bot-1", reference.BotId);
        Assert.Equal("tenant-1", reference.TenantId);
        Assert.Equal("webchat", reference.ChannelId);
    }

    [Fact]
    public async Task Reply_GoesToTheConversation_AsAReplyToTheActivity()
    {
        var f = new AdapterFixture();
        await f.PostAsync(AdapterFixture.Message(), Token(f));

        var call = Assert.Single(f.Platform.ConnectorCalls);
        Assert.Equal("/v3/conversations/conv%3A1%3Bmessageid%3D2/activities/act-1", call.Uri.AbsolutePath);
        var json = call.Json;
        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.Equal("act-1", json.GetProperty("replyToId").GetString());
        Assert.Equal("bot-1", json.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("user-1", json.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("conv:1;messageid=2", json.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("Bonjour **toi**", json.GetProperty("text").GetString());
        Assert.Equal("fr-FR", json.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task SameActivityDeliveredTwice_IsAnsweredOnce_AndTheLogKeepsNoConversationId()
    {
        var f = new AdapterFixture();
        await f.PostAsync(AdapterFixture.Message(), Token(f));
        await f.PostAsync(AdapterFixture.Message(), Token(f));

        Assert.Single(f.Received);
        Assert.Single(f.Platform.ConnectorCalls);
        var key = Assert.Single(f.UpdateLog.Keys);
        Assert.EndsWith("|act-1", key, StringComparison.Ordinal);
        Assert.DoesNotContain("conv", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableConnector_StillAcknowledgesTheActivity()
    {
        var f = new AdapterFixture(o => o.MaxRetries = 1);
        f.Platform.ConnectorAnswers.Enqueue(() => throw new HttpRequestException("connection refused"));
        f.Platform.ConnectorAnswers.Enqueue(() => throw new HttpRequestException("connection refused"));

        var context = await f.Time.CompleteAsync(f.PostAsync(AdapterFixture.Message(), Token(f)));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Single(f.Received);
        Assert.Equal(2, f.Platform.ConnectorCalls.Count());
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task ReplyToATurn_TransientAnswer_IsRetriedAfterTheWait(int status)
    {
        // An interactive reply: the person is waiting, so a short outage is waited out (not the lane's: there is no row).
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("{}") });

        var context = await f.Time.CompleteAsync(f.PostAsync(AdapterFixture.Message(), Token(f)));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(2, f.Platform.ConnectorCalls.Count());
        Assert.Equal([TimeSpan.FromMilliseconds(500)], f.Time.Waits); // the backoff, on the clock
    }

    [Theory]
    [InlineData("fr-FR", "fr", "fr-FR")]
    [InlineData("fr-FR", "en", "en")]
    [InlineData("en", "en", "en")]
    [InlineData(null, "fr", null)]
    public void ReplyLocale_FollowsTheAnswersLanguage(string? activityLocale, string answer, string? expected) =>
        Assert.Equal(expected, BotFrameworkEndpoint.ReplyLocale(activityLocale, answer));

    [Fact]
    public async Task ButtonPress_IsAnAction()
    {
        var f = new AdapterFixture();
        await f.PostAsync(AdapterFixture.Message(text: "Instagram", value: "{\"actionId\":\"t:optout-instagram-steps\"}"), Token(f));

        Assert.Equal(new ActionInput("t:optout-instagram-steps"), Assert.Single(f.Received).Input);
    }

    [Fact]
    public async Task ButtonPress_WithAnEscapedLoneSurrogateAsItsId_IsTheTypedText_NotA5xx()
    {
        var f = new AdapterFixture();
        var context = await f.PostAsync(AdapterFixture.Message(text: "Instagram", value: "{\"actionId\":\"\\udfff\"}"), Token(f));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(new TextInput("Instagram"), Assert.Single(f.Received).Input);
    }

    [Theory]
    [InlineData("/optout facebook", "optout", "facebook")]
    [InlineData("/Start", "start", null)]
    [InlineData("<at>OptOutBot</at> /language en", "language", "en")]
    public async Task SlashText_IsACommand(string text, string name, string? argument)
    {
        var f = new AdapterFixture();
        await f.PostAsync(AdapterFixture.Message(text: text), Token(f));

        Assert.Equal(new CommandInput(name, argument), Assert.Single(f.Received).Input);
    }

    [Fact]
    public async Task TeamsMention_IsRemovedFromTheQuestion()
    {
        var f = new AdapterFixture();
        await f.PostAsync(AdapterFixture.Message(text: "<at>OptOutBot</at> comment refuser ?", channelId: "msteams"), Token(f));

        Assert.Equal(new TextInput("comment refuser ?"), Assert.Single(f.Received).Input);
    }

    private static string Update(string membersAdded, bool isGroup = false, string channelId = "webchat") =>
        $$"""
        {"type":"conversationUpdate","id":"u-1","serviceUrl":"{{FakePlatform.ServiceUrl}}","channelId":"{{channelId}}","from":{"id":"user-1"},
         "conversation":{"id":"conv-1","isGroup":{{(isGroup ? "true" : "false")}}},"recipient":{"id":"bot-1"},"membersAdded":{{membersAdded}},"locale":"en-US"}
        """;

    [Fact]
    public async Task PersonJoiningA1to1Chat_IsWelcomedWithStart()
    {
        var f = new AdapterFixture();
        var context = await f.PostAsync(Update("""[{"id":"bot-1"},{"id":"user-1"}]"""), Token(f));

        Assert.Equal(200, context.Response.StatusCode);
        var message = Assert.Single(f.Received);
        Assert.Equal(new CommandInput("start"), message.Input);
        Assert.Equal("en-US", message.LocaleHint);
        var call = Assert.Single(f.Platform.ConnectorCalls);
        Assert.EndsWith("/activities/u-1", call.Uri.AbsolutePath);
    }

    [Fact]
    public async Task BotAddedToAGroup_SaysHello_ButNotForEveryNewMember()
    {
        var f = new AdapterFixture();
        await f.PostAsync(Update("""[{"id":"bot-1"}]""", isGroup: true, channelId: "msteams"), Token(f));
        await f.PostAsync(Update("""[{"id":"user-2"}]""", isGroup: true, channelId: "msteams"), Token(f));

        Assert.Single(f.Received);
        Assert.Equal(ConversationScope.Group, f.Received[0].Scope);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("invoke")]
    [InlineData("event")]
    [InlineData("messageReaction")]
    [InlineData("installationUpdate")]
    [InlineData("somethingNew")]
    public async Task OtherActivities_AreAcknowledged_AndIgnored(string type)
    {
        var f = new AdapterFixture();
        var json = $$"""{"type":"{{type}}","id":"x","serviceUrl":"{{FakePlatform.ServiceUrl}}","channelId":"webchat","from":{"id":"user-1"},"conversation":{"id":"c"},"recipient":{"id":"bot-1"},"name":"composeExtension/query","value":{"a":1} }""";

        var context = await f.PostAsync(json, Token(f));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Empty(f.Received);
        Assert.Empty(f.Platform.ConnectorCalls);
    }

    [Fact]
    public async Task MalformedActivity_Is400()
    {
        var f = new AdapterFixture();

        Assert.Equal(400, (await f.PostAsync("{\"type\":", Token(f))).Response.StatusCode);
        Assert.Equal(400, (await f.PostAsync("{\"text\":\"no type\"}", Token(f))).Response.StatusCode);
        Assert.Empty(f.Received);
    }

    [Fact]
    public async Task AppToken_IsFetchedOnce_AndReused()
    {
        var f = new AdapterFixture();
        for (var i = 0; i < 3; i++)
        {
            await f.PostAsync(AdapterFixture.Message(), Token(f));
        }

        Assert.Equal(1, f.Platform.TokenFetches);
        Assert.All(f.Platform.ConnectorCalls, c => Assert.Equal("Bearer app-token-1", c.Authorization));
        var tokenRequest = f.Platform.Requests.Single(r => r.Uri.ToString() == FakePlatform.TokenUrl);
        Assert.Contains("grant_type=client_credentials", tokenRequest.Body);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", tokenRequest.Body);
    }

    [Fact]
    public async Task AppToken_IsRenewedShortlyBeforeItExpires()
    {
        var f = new AdapterFixture();
        await f.TokenProvider.GetTokenAsync();
        f.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal("app-token-1", await f.TokenProvider.GetTokenAsync());

        f.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal("app-token-2", await f.TokenProvider.GetTokenAsync());
    }
}
