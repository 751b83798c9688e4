using OptOutBot.Adapters.BotFramework.Tests.Support;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

public sealed class BotFrameworkAuthTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    private static readonly Dictionary<string, Func<FakeBotFrameworkCloud, string?>> Cases = new()
    {
        ["no token"] = _ => null,
        ["wrong audience"] = c => c.Tokens.Channel(c.ServiceUrl, x => x["aud"] = "another-bot"),
        ["wrong issuer"] = c => c.Tokens.Channel(c.ServiceUrl, x => x["iss"] = "https://api.botframework.evil"),
        ["expired"] = c => c.Tokens.Channel(c.ServiceUrl, now: DateTime.UtcNow.AddHours(-2)),
        ["not yet valid"] = c => c.Tokens.Channel(c.ServiceUrl, x => x["nbf"] = EpochTime.GetIntDate(DateTime.UtcNow.AddMinutes(20))),
        ["bad signature"] = c => c.Tokens.BadSignature(c.ServiceUrl),
        ["alg none"] = c => TestTokens.Unsigned(c.ServiceUrl),
        ["unknown kid"] = c => c.Tokens.Channel(c.ServiceUrl, kid: "kid-nobody-published"),
        ["channel not endorsed"] = c => c.Tokens.Channel(c.ServiceUrl, kid: "key-slack-only"),
        ["serviceurl mismatch"] = c => c.Tokens.Channel("https://smba.trafficmanager.net/emea/"),
    };

    public static TheoryData<string> Rejections() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task BadCredentials_Are401_WithNoTrace(string why)
    {
        var chat = new ChannelClient(fixture.Bot, fixture.Cloud, "webchat", locale: "fr-FR");
        var activity = chat.Activity("message");
        activity["text"] = "comment m'opposer sur insta ?";
        var token = Cases[why](fixture.Cloud);

        var (status, replies) = await chat.PostAsync(activity.ToJsonString(), token is null ? null : "Bearer " + token);

        Assert.True(status == HttpStatusCode.Unauthorized, $"{why}: {status}");
        Assert.Empty(replies);
        // The engine never ran: nothing was stored about this person.
        var store = fixture.Bot.Services.GetRequiredService<IConversationStore>();
        Assert.Null(await store.GetAsync(new ConversationKey("botframework", chat.ConversationId, chat.UserId), DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task SameActivity_WithAValidToken_IsAnswered()
    {
        var chat = new ChannelClient(fixture.Bot, fixture.Cloud, "webchat", locale: "fr-FR");

        Assert.NotEmpty(await chat.SayAsync("comment m'opposer sur insta ?"));
    }

    [Fact]
    public async Task LocalModeOff_UnauthenticatedLoopbackRequest_Is401()
    {
        var chat = new ChannelClient(fixture.Bot, fixture.Cloud, "emulator");
        var activity = chat.Activity("message");
        activity["text"] = "bonjour";

        Assert.Equal(HttpStatusCode.Unauthorized, (await chat.PostAsync(activity.ToJsonString(), null)).Status);
    }
}

public sealed class BotFrameworkLocalModeTests
{
    [Fact]
    public async Task LocalMode_AnswersTheEmulatorWithoutCredentials_OnLoopback()
    {
        await using var cloud = await FakeBotFrameworkCloud.StartAsync();
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["BotFramework:AllowUnauthenticatedLocal"] = "true",
            ["BotFramework:LocalServiceUrl"] = cloud.ServiceUrl,
        });
        var chat = new ChannelClient(bot, cloud, "emulator", locale: "fr-FR");
        var activity = chat.Activity("message");
        activity["text"] = "bonjour";

        var (status, replies) = await chat.PostAsync(activity.ToJsonString(), null);

        Assert.Equal(HttpStatusCode.OK, status);
        var reply = Assert.Single(replies);
        Assert.Empty(reply.Authorization);
        Assert.Empty(ConnectorSchema.ValidateActivity(reply.Activity));
    }

    [Fact]
    public async Task LocalMode_RefusesToStart_WhenListeningBeyondLoopback()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["BotFramework:AllowUnauthenticatedLocal"] = "true",
            ["BotFramework:LocalServiceUrl"] = "http://localhost:3979",
            ["Urls"] = "http://0.0.0.0:0",
        }));

        Assert.Contains("BotFramework:AllowUnauthenticatedLocal", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAppId_TheAdapterIsOff_AndSaysWhichSettingTurnsItOn()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?>());
        var status = bot.Services.GetServices<AdapterStatus>().Single(s => s.Channel == "botframework");

        Assert.False(status.Enabled);
        Assert.Contains("BotFramework:MicrosoftAppId", status.Detail, StringComparison.Ordinal);
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(bot.BaseAddress, "api/messages"), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
