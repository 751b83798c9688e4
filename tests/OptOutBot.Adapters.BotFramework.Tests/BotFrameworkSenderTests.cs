using System.Net;
using OptOutBot.Adapters.BotFramework.Tests.Support;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.BotFramework.Tests;

public sealed class BotFrameworkSenderTests
{
    private static readonly Reply Reminder = Reply.Single(new ReplyMessage("Rappel : **demain**") { Choices = [new Choice("Comment faire ?", "t:optout-how")] });

    private static ChannelAddress Address(AdapterFixture f, string serviceUrl = FakePlatform.ServiceUrl, bool sealedReference = true) =>
        new("botframework", f.References.Encode(
            new StoredReference { ServiceUrl = serviceUrl, ConversationId = "a:1x", ChannelId = "msteams", BotId = "28:bot", UserId = "29:user", TenantId = "t-1", Locale = "fr-FR" },
            sealedReference));

    private static HttpResponseMessage Status(int code, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)code) { Content = new StringContent("{}") };
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        }

        return response;
    }

    [Fact]
    public async Task Proactive_PostsToTheConversation_WithOurToken()
    {
        var f = new AdapterFixture();

        var result = await f.Sender.SendAsync(Address(f), Reminder);

        Assert.Same(SendResult.Delivered, result);
        var call = Assert.Single(f.Platform.ConnectorCalls);
        Assert.Equal("/v3/conversations/a%3A1x/activities", call.Uri.AbsolutePath);
        Assert.Equal("Bearer app-token-1", call.Authorization);
        Assert.Equal("28:bot", call.Json.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("29:user", call.Json.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("t-1", call.Json.GetProperty("conversation").GetProperty("tenantId").GetString());
        Assert.Equal("application/vnd.microsoft.card.hero", call.Json.GetProperty("attachments")[0].GetProperty("contentType").GetString());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task TransientAnswers_AreRetried(int status)
    {
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => Status(status));
        f.Platform.ConnectorAnswers.Enqueue(() => Status(status));

        var send = f.Sender.SendAsync(Address(f), Reminder).AsTask();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var wait = await f.Time.NextWaitAsync();
            Assert.True(wait > TimeSpan.Zero);
            Assert.Equal(attempt, f.Platform.ConnectorCalls.Count()); // the next attempt waits for the clock
            f.Time.Advance(wait);
        }

        Assert.Same(SendResult.Delivered, await send);
        Assert.Equal(3, f.Platform.ConnectorCalls.Count());
        Assert.Equal(2, f.Time.Waits.Count);
    }

    [Fact]
    public async Task RetryAfter_IsHonoured()
    {
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => Status(429, TimeSpan.FromSeconds(7)));

        var send = f.Sender.SendAsync(Address(f), Reminder).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(7), await f.Time.NextWaitAsync());
        Assert.Single(f.Platform.ConnectorCalls); // not retried before the 7 seconds are up
        f.Time.Advance(TimeSpan.FromSeconds(7));

        Assert.Same(SendResult.Delivered, await send);
        Assert.Equal(2, f.Platform.ConnectorCalls.Count());
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(f.Time.Waits));
    }

    [Fact]
    public async Task LongRetryAfter_IsHandedBackToTheDispatcher()
    {
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => Status(429, TimeSpan.FromMinutes(2)));

        var result = await f.Time.CompleteAsync(f.Sender.SendAsync(Address(f), Reminder).AsTask());

        Assert.Equal(new SendResult.RetryAfter(TimeSpan.FromMinutes(2)), result);
        Assert.Single(f.Platform.ConnectorCalls);
        Assert.Empty(f.Time.Waits); // handed back at once, not waited for inline
    }

    [Fact]
    public async Task PersistentFailure_IsTransientFailed_AfterRetries()
    {
        var f = new AdapterFixture();
        for (var i = 0; i < 4; i++)
        {
            f.Platform.ConnectorAnswers.Enqueue(() => Status(502));
        }

        var result = await f.Time.CompleteAsync(f.Sender.SendAsync(Address(f), Reminder).AsTask());

        Assert.True(Assert.IsType<SendResult.Failed>(result).Transient);
        Assert.Equal(4, f.Platform.ConnectorCalls.Count());
        Assert.Equal(3, f.Time.Waits.Count);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task RemovedBotOrDeletedConversation_MeansRecipientGone(int status)
    {
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => Status(status));

        Assert.IsType<SendResult.RecipientGone>(await f.Sender.SendAsync(Address(f), Reminder));
        Assert.Single(f.Platform.ConnectorCalls);
    }

    [Fact]
    public async Task UnreachableConnector_IsATransientFailure()
    {
        var f = new AdapterFixture();
        for (var i = 0; i < 4; i++)
        {
            f.Platform.ConnectorAnswers.Enqueue(() => throw new HttpRequestException("connection refused"));
        }

        Assert.True(Assert.IsType<SendResult.Failed>(await f.Time.CompleteAsync(f.Sender.SendAsync(Address(f), Reminder).AsTask())).Transient);
    }

    [Fact]
    public async Task TamperedReference_NeverGetsOurToken()
    {
        var f = new AdapterFixture();
        var genuine = Address(f).Value;
        var tampered = genuine.Replace("https://connector.test/", "https://attacker.example/", StringComparison.Ordinal);

        var result = await f.Sender.SendAsync(new ChannelAddress("botframework", tampered), Reminder);

        Assert.IsType<SendResult.Failed>(result);
        Assert.DoesNotContain(f.Platform.Requests, r => r.Uri.Host == "attacker.example");
    }

    [Fact]
    public async Task UnsealedLocalReference_IsSentWithoutToken_OnlyToLoopback()
    {
        var f = new AdapterFixture();
        var local = await f.Sender.SendAsync(Address(f, "http://127.0.0.1:1/", sealedReference: false), Reminder);
        var remote = await f.Sender.SendAsync(Address(f, "https://connector.test/", sealedReference: false), Reminder);

        Assert.IsType<SendResult.Failed>(remote);
        Assert.DoesNotContain(f.Platform.ConnectorCalls, c => c.Uri.Host == "connector.test");
        Assert.Null(f.Platform.ConnectorCalls.Single().Authorization);
        Assert.Same(SendResult.Delivered, local);
    }

    [Fact]
    public async Task AfterSecretRotation_TeamsReferences_StillGetOurToken()
    {
        var f = new AdapterFixture();
        var oldSecret = new AdapterFixture(o => o.MicrosoftAppPassword = "old-secret");
        var reference = new StoredReference { ServiceUrl = "https://smba.trafficmanager.net/emea/", ConversationId = "a:1", ChannelId = "msteams", BotId = "28:b", UserId = "29:u" };
        var address = new ChannelAddress("botframework", oldSecret.References.Encode(reference, authenticated: true));

        await f.Sender.SendAsync(address, Reminder);

        var call = Assert.Single(f.Platform.ConnectorCalls);
        Assert.Equal("smba.trafficmanager.net", call.Uri.Host);
        Assert.Equal("Bearer app-token-1", call.Authorization);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://webchat.botframework.com/", true)]
    [InlineData("http://webchat.botframework.com/", false)]
    [InlineData("https://botframework.com.attacker.example/", false)]
    [InlineData("https://evilbotframework.com/", false)]
    public void TrustedChannelHosts(string serviceUrl, bool trusted) =>
        Assert.Equal(trusted, new BotFrameworkOptions().IsTrustedServiceHost(serviceUrl));

    [Fact]
    public void Reference_RoundTrips()
    {
        var f = new AdapterFixture();
        var (reference, trusted) = f.References.Decode(Address(f).Value)!.Value;

        Assert.True(trusted);
        Assert.Equal("a:1x", reference.ConversationId);
        Assert.Null(f.References.Decode("garbage"));
    }
}
