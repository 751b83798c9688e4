using System.Net;
using Microsoft.IdentityModel.Tokens;
using OptOutBot.Adapters.BotFramework.Tests.Support;

namespace OptOutBot.Adapters.BotFramework.Tests.Auth;

public sealed class ActivityAuthenticatorTests
{
    private const string ServiceUrl = FakePlatform.ServiceUrl;

    [Fact]
    public async Task ValidChannelToken_IsAnswered_AndReplyCarriesOurAppToken()
    {
        var f = new AdapterFixture();
        var context = await f.PostAsync(AdapterFixture.Message(), "Bearer " + f.Platform.Tokens.Channel(ServiceUrl));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Single(f.Received);
        var reply = Assert.Single(f.Platform.ConnectorCalls);
        Assert.Equal("Bearer app-token-1", reply.Authorization);
    }

    private static readonly Dictionary<string, Func<TestTokens, string>> BadTokens = new()
    {
        { "wrong audience", t => t.Channel(ServiceUrl, c => c["aud"] = "someone-else") },
        { "wrong issuer", t => t.Channel(ServiceUrl, c => c["iss"] = "https://evil.example") },
        { "expired", t => t.Channel(ServiceUrl, now: DateTime.UtcNow.AddHours(-3)) },
        { "not yet valid", t => t.Channel(ServiceUrl, c => c["nbf"] = EpochTime.GetIntDate(DateTime.UtcNow.AddMinutes(30))) },
        { "no expiry", t => t.Channel(ServiceUrl, c => c.Remove("exp")) },
        { "bad signature", t => t.BadSignature(ServiceUrl) },
        { "alg none", _ => TestTokens.Unsigned(ServiceUrl) },
        { "unknown kid", t => t.Channel(ServiceUrl, kid: "key-unknown") },
        { "serviceurl mismatch", t => t.Channel("https://attacker.example/") },
        { "no serviceurl claim", t => t.Channel(ServiceUrl, c => c.Remove("serviceurl")) },
        { "PS256 (not an allowed algorithm)", t => t.Channel(ServiceUrl, alg: SecurityAlgorithms.RsaSsaPssSha256) },
        { "emulator token for another app", t => t.Emulator(c => c["azp"] = "other-app") },
        { "garbage", _ => "not.a.jwt" },
    };

    public static TheoryData<string> RejectedTokens() => [.. BadTokens.Keys];

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task BadToken_Is401_AndTheEngineIsNeverCalled(string why)
    {
        var f = new AdapterFixture();
        var context = await f.PostAsync(AdapterFixture.Message(), "Bearer " + BadTokens[why](f.Platform.Tokens));

        Assert.True(context.Response.StatusCode == 401, why);
        Assert.Empty(f.Received);
        Assert.Empty(f.Platform.ConnectorCalls);
        Assert.Equal(0, context.Response.Body.Length);
    }

    [Fact]
    public async Task NoToken_Is401_WhenLocalModeIsOff()
    {
        var f = new AdapterFixture();
        var context = await f.PostAsync(AdapterFixture.Message());

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Empty(f.Received);
    }

    [Fact]
    public async Task ChannelNotEndorsedByTheKey_Is401()
    {
        var f = new AdapterFixture();
        f.Platform.Tokens.AddKey("key-webchat-only", ["webchat"]);
        var token = f.Platform.Tokens.Channel(ServiceUrl, kid: "key-webchat-only");

        var teams = await f.PostAsync(AdapterFixture.Message(channelId: "msteams"), "Bearer " + token);
        var webchat = await f.PostAsync(AdapterFixture.Message(channelId: "webchat"), "Bearer " + token);

        Assert.Equal(401, teams.Response.StatusCode);
        Assert.Equal(200, webchat.Response.StatusCode);
        Assert.Single(f.Received);
    }

    [Fact]
    public async Task RolledOverKey_IsFetchedOnFirstUnknownKid()
    {
        var f = new AdapterFixture();
        Assert.Equal(200, (await f.PostAsync(AdapterFixture.Message(), "Bearer " + f.Platform.Tokens.Channel(ServiceUrl))).Response.StatusCode);
        Assert.Equal(1, f.Platform.JwksFetches);

        f.Platform.Tokens.AddKey("key-2", ["webchat"]);
        f.Time.Advance(TimeSpan.FromMinutes(1));
        var context = await f.PostAsync(AdapterFixture.Message(), "Bearer " + f.Platform.Tokens.Channel(ServiceUrl, kid: "key-2"));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(2, f.Platform.JwksFetches);
    }

    [Fact]
    public async Task UnknownKids_DoNotHammerTheKeyEndpoint()
    {
        var f = new AdapterFixture();
        for (var i = 0; i < 5; i++)
        {
            await f.PostAsync(AdapterFixture.Message(), "Bearer " + f.Platform.Tokens.Channel(ServiceUrl, kid: "nope-" + i));
        }

        Assert.Equal(1, f.Platform.JwksFetches);
    }

    [Fact]
    public async Task SameToken_IsFullyCheckedOnce_ButItsExpiryStillCounts()
    {
        var f = new AdapterFixture();
        var token = "Bearer " + f.Platform.Tokens.Channel(ServiceUrl, now: f.Time.GetUtcNow().UtcDateTime);
        Assert.Equal(200, (await f.PostAsync(AdapterFixture.Message(id: "act-1"), token)).Response.StatusCode);
        Assert.Equal(200, (await f.PostAsync(AdapterFixture.Message(id: "act-2"), token)).Response.StatusCode);

        f.Time.Advance(TimeSpan.FromMinutes(66));

        Assert.Equal(401, (await f.PostAsync(AdapterFixture.Message(id: "act-3"), token)).Response.StatusCode);
        Assert.Equal(2, f.Received.Count);
    }

    [Fact]
    public async Task CachedToken_StillNeedsMatchingServiceUrl()
    {
        var f = new AdapterFixture();
        var token = "Bearer " + f.Platform.Tokens.Channel(ServiceUrl);
        await f.PostAsync(AdapterFixture.Message(), token);

        var forged = await f.PostAsync(AdapterFixture.Message(serviceUrl: "https://attacker.example/"), token);

        Assert.Equal(401, forged.Response.StatusCode);
        Assert.DoesNotContain(f.Platform.Requests, r => r.Uri.Host == "attacker.example");
    }

    [Fact]
    public async Task EmulatorToken_ForOurApp_IsAccepted()
    {
        var f = new AdapterFixture();
        var context = await f.PostAsync(AdapterFixture.Message(channelId: "emulator"), "Bearer " + f.Platform.Tokens.Emulator());

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Single(f.Received);
    }

    [Fact]
    public async Task EmulatorV1Token_UsesTheAppIdClaim()
    {
        var f = new AdapterFixture();
        var token = f.Platform.Tokens.Emulator(c =>
        {
            c["ver"] = "1.0";
            c.Remove("azp");
            c["appid"] = TestTokens.AppId;
            c["iss"] = "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/";
        });

        Assert.Equal(200, (await f.PostAsync(AdapterFixture.Message(channelId: "emulator"), "Bearer " + token)).Response.StatusCode);
    }

    [Fact]
    public async Task EmulatorTokens_AreRefused_WhenTurnedOff()
    {
        var f = new AdapterFixture(o => o.AcceptEmulatorTokens = false);

        Assert.Equal(401, (await f.PostAsync(AdapterFixture.Message(channelId: "emulator"), "Bearer " + f.Platform.Tokens.Emulator())).Response.StatusCode);
    }

    [Fact]
    public async Task SingleTenantApp_AcceptsItsTenantIssuer_ForEmulatorTokens()
    {
        const string tenant = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        var f = new AdapterFixture(o =>
        {
            o.MicrosoftAppType = "SingleTenant";
            o.MicrosoftAppTenantId = tenant;
        });
        var token = f.Platform.Tokens.Emulator(c => c["iss"] = $"https://login.microsoftonline.com/{tenant}/v2.0");

        Assert.Equal(200, (await f.PostAsync(AdapterFixture.Message(channelId: "emulator"), "Bearer " + token)).Response.StatusCode);
        Assert.Equal(200, (await f.PostAsync(AdapterFixture.Message(), "Bearer " + f.Platform.Tokens.Channel(ServiceUrl))).Response.StatusCode);
    }

    private static AdapterFixture LocalMode(bool withAppId = false, int[]? ports = null) => new(o =>
    {
        if (!withAppId)
        {
            o.MicrosoftAppId = string.Empty;
        }

        o.AllowUnauthenticatedLocal = true;
        o.LocalServiceUrl = "http://127.0.0.1:3979";
        o.LocalEmulatorPorts = ports ?? [];
    });

    [Fact]
    public async Task LocalMode_AcceptsNoTokenFromLoopback_AndRepliesWithoutToken()
    {
        var f = LocalMode();
        var context = await f.PostAsync(AdapterFixture.Message(serviceUrl: "http://127.0.0.1:3979"));

        Assert.Equal(200, context.Response.StatusCode);
        var reply = Assert.Single(f.Platform.ConnectorCalls);
        Assert.Null(reply.Authorization);
        Assert.Equal("http://127.0.0.1:3979/v3/conversations/conv%3A1%3Bmessageid%3D2/activities/act-1", reply.Uri.ToString());
        Assert.Equal(0, f.Platform.TokenFetches);
    }

    [Fact]
    public async Task LocalMode_RefusesRemotePeers_AndRemoteServiceUrls()
    {
        var f = LocalMode(withAppId: true);

        var remote = await f.PostAsync(AdapterFixture.Message(serviceUrl: "http://127.0.0.1:3979"), remote: IPAddress.Parse("203.0.113.9"));
        var ssrf = await f.PostAsync(AdapterFixture.Message(serviceUrl: "http://169.254.169.254/"));

        Assert.Equal(401, remote.Response.StatusCode);
        Assert.Equal(401, ssrf.Response.StatusCode);
        Assert.Empty(f.Received);
        Assert.Empty(f.Platform.ConnectorCalls);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379")] // another loopback port (a local Redis, an admin API)
    [InlineData("http://localhost:3979")] // same port, another host name than configured
    [InlineData("http://127.0.0.1:3979/admin/")] // a path of the request's choosing
    [InlineData("http://127.0.0.1:56000/admin/")] // also on a listed emulator port
    [InlineData("http://127.0.0.1:3979/#")] // a fragment would cut off the /v3/… suffix
    [InlineData("http://127.0.0.1:3979#")]
    [InlineData("http://127.0.0.1:3979?x=")]
    [InlineData("http://user@127.0.0.1:3979")]
    [InlineData("ftp://127.0.0.1:3979")]
    public async Task LocalMode_ServiceUrlOtherThanTheConfiguredOne_IsRefused_AndNothingIsSent(string serviceUrl)
    {
        var f = LocalMode(ports: [56000]);

        var context = await f.PostAsync(AdapterFixture.Message(serviceUrl: serviceUrl));

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Empty(f.Received);
        Assert.Empty(f.Platform.ConnectorCalls);
    }

    [Fact]
    public async Task LocalMode_ListedEmulatorPort_IsAnswered_AtThatPortOnly()
    {
        var f = LocalMode(ports: [56000]);

        var context = await f.PostAsync(AdapterFixture.Message(serviceUrl: "http://localhost:56000/"));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.StartsWith("http://localhost:56000/v3/conversations/", Assert.Single(f.Platform.ConnectorCalls).Uri.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    public async Task LocalMode_RequestRelayedByAProxy_IsRefused(string header, string value)
    {
        var f = LocalMode();

        var context = await f.PostAsync(AdapterFixture.Message(serviceUrl: "http://127.0.0.1:3979"), headers: new Dictionary<string, string> { [header] = value });

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Empty(f.Received);
        Assert.Empty(f.Platform.ConnectorCalls);
    }

    [Fact]
    public async Task LocalMode_WithAppId_NeverSendsOurTokenToAnUnauthenticatedServiceUrl()
    {
        var f = LocalMode(withAppId: true);
        var context = await f.PostAsync(AdapterFixture.Message(serviceUrl: "http://127.0.0.1:3979"));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Null(Assert.Single(f.Platform.ConnectorCalls).Authorization);
    }

    [Fact]
    public async Task TokenIsCheckedBeforeTheBodyIsRead()
    {
        var f = new AdapterFixture();
        var context = await f.PostAsync("{ this is not json", "Bearer " + f.Platform.Tokens.Channel(ServiceUrl, c => c["aud"] = "x"));

        Assert.Equal(401, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5093", true)]
    [InlineData("http://localhost:5093", true)]
    [InlineData("http://[::1]:5093", true)]
    [InlineData("http://0.0.0.0:5093", false)]
    [InlineData("http://*:5093", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://bot.example.org:80", false)]
    public void LocalModeGuard_KnowsLoopbackAddresses(string address, bool loopback) =>
        Assert.Equal(loopback, BotFramework.Auth.LocalModeGuard.IsLoopback(address));
}
