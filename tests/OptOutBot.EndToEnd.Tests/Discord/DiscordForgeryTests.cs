using OptOutBot.Adapters.Discord.Tests.Support;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>Requests not signed by Discord's key are refused with 401 and leave no trace: the engine never runs for them.</summary>
public sealed class DiscordForgeryTests : IAsyncLifetime
{
    private DiscordTestBot _bot = null!;

    public async Task InitializeAsync() => _bot = await DiscordTestBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    // A question whose answer the engine remembers (last topic), so a turn that ran would leave a stored state.
    private (DiscordUserSession User, string Body) Question()
    {
        var user = new DiscordUserSession(_bot, _bot.NextId(), "2222222222222222222", inServer: true, "fr");
        return (user, user.Command("optout", "platform", "instagram").ToJsonString());
    }

    private async Task AssertNoTrace(DiscordUserSession user)
    {
        var store = _bot.Services.GetRequiredService<IConversationStore>();
        Assert.Null(await store.GetAsync(new ConversationKey("discord", user.ChannelId, user.UserId), DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task GenuineRequest_DoesLeaveState_SoTheOtherTestsProveSomething()
    {
        var (user, body) = Question();

        using var response = await _bot.PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = _bot.Services.GetRequiredService<IConversationStore>();
        Assert.NotNull(await store.GetAsync(new ConversationKey("discord", user.ChannelId, user.UserId), DateTimeOffset.MinValue));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task MissingHeaders_Are401(bool withSignature, bool withTimestamp)
    {
        var (user, body) = Question();
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (withSignature)
        {
            request.Headers.Add("X-Signature-Ed25519", _bot.Signer.Sign(ts, body));
        }

        if (withTimestamp)
        {
            request.Headers.Add("X-Signature-Timestamp", ts);
        }

        using var response = await _bot.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNoTrace(user);
    }

    [Fact]
    public async Task WrongKey_Is401()
    {
        var (user, body) = Question();

        using var response = await _bot.PostAsync(body, signer: TestSigner.Random());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNoTrace(user);
    }

    [Fact]
    public async Task AlteredBody_Is401()
    {
        var (user, body) = Question();
        var signed = body.Replace("instagram", "facebook", StringComparison.Ordinal);

        using var response = await _bot.PostAsync(body, signedBody: signed);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNoTrace(user);
    }

    [Fact]
    public async Task ReplayedOldTimestamp_Is401()
    {
        var (user, body) = Question();
        var tenMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();

        using var response = await _bot.PostAsync(body, timestamp: tenMinutesAgo);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNoTrace(user);
    }

    [Fact]
    public async Task CapturedSignedRequestReplayed_Is401_WithTheDefaultSettings()
    {
        var (user, body) = Question();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var first = await _bot.PostAsync(body, timestamp: now))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // The genuine request left a state; a replay that reached the engine would update it.
        var store = _bot.Services.GetRequiredService<IConversationStore>();
        var key = new ConversationKey("discord", user.ChannelId, user.UserId);
        var before = await store.GetAsync(key, DateTimeOffset.MinValue);
        Assert.NotNull(before);
        await Task.Delay(20);

        using var replayed = await _bot.PostAsync(body, timestamp: now);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(before, await store.GetAsync(key, DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task TimestampFromTheFuture_Is401()
    {
        var (user, body) = Question();

        using var response = await _bot.PostAsync(body, timestamp: DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNoTrace(user);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("not-hex-at-all-but-exactly-128-characters-long-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task MalformedSignature_Is401(string signature)
    {
        var (user, body) = Question();
        var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", signature);
        request.Headers.Add("X-Signature-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

        using var response = await _bot.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNoTrace(user);
    }

    [Fact]
    public async Task ForgedPing_Is401()
    {
        using var response = await _bot.PostAsync("{\"type\":1}", signer: TestSigner.Random());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ValidSignatureOverGarbage_Is400()
    {
        using var response = await _bot.PostAsync("{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
