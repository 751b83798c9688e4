using System.Net;
using OptOutBot.Adapters.BotFramework.Tests.Support;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing;

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

    [Fact]
    public async Task LongReminder_AsksTheLanesPacerBeforeEachLaterActivity()
    {
        var f = new AdapterFixture();
        var longReminder = Reply.Single(new ReplyMessage(string.Join('\n', Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 3000)))));
        var pacer = new RecordingPacer(() => f.Platform.ConnectorCalls.Count());

        var result = await f.Sender.SendAsync(Address(f), longReminder, 0, pacer, CancellationToken.None);

        Assert.Same(SendResult.Delivered, result);
        Assert.Equal(3, f.Platform.ConnectorCalls.Count());
        Assert.Equal([1, 2], pacer.CallsBeforeEachWait);
        Assert.Empty(f.Time.Waits);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task TransientAnswer_IsOneRequest_TransientForTheLaneToRetry(int status)
    {
        // The lane owns retries: a retry here would stack on the lane's, and a post that timed out may have arrived.
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => Status(status));

        var result = await f.Sender.SendAsync(Address(f), Reminder);

        Assert.True(Assert.IsType<SendResult.Failed>(result).Transient);
        Assert.Single(f.Platform.ConnectorCalls);
        Assert.Empty(f.Time.Waits);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(120)]
    public async Task RateLimited_IsOneRequest_HandedBackWithTheConnectorsWait(int seconds)
    {
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => Status(429, TimeSpan.FromSeconds(seconds)));

        var result = await f.Sender.SendAsync(Address(f), Reminder);

        Assert.Equal(new SendResult.RetryAfter(TimeSpan.FromSeconds(seconds)), result);
        Assert.Single(f.Platform.ConnectorCalls);
        Assert.DoesNotContain(TimeSpan.FromSeconds(seconds), f.Time.Waits); // handed back at once, not waited for inline
    }

    [Fact]
    public async Task SlowConnector_IsOneRequest_TimedOutOnTheClock()
    {
        var f = new AdapterFixture(o => o.RequestTimeout = TimeSpan.FromSeconds(4));
        f.Platform.ConnectorDelay = ct => Task.Delay(Timeout.Infinite, ct);

        var send = f.Sender.SendAsync(Address(f), Reminder).AsTask();
        for (var i = 0; i < 500 && !f.Platform.ConnectorCalls.Any(); i++)
        {
            await Task.Delay(10);
        }

        f.Time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(send.IsCompleted);
        f.Time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await send;

        Assert.Equal(new SendResult.Failed("Connector too slow", Transient: true), result);
        Assert.Single(f.Platform.ConnectorCalls);
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
    public async Task UnreachableConnector_IsOneAttempt_ATransientFailure()
    {
        var f = new AdapterFixture();
        f.Platform.ConnectorAnswers.Enqueue(() => throw new HttpRequestException("connection refused"));

        Assert.True(Assert.IsType<SendResult.Failed>(await f.Sender.SendAsync(Address(f), Reminder)).Transient);
        Assert.Single(f.Platform.ConnectorCalls);
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
