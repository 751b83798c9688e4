using Microsoft.Extensions.Time.Testing;
using OptOutBot.Adapters.Discord.Rest;
using OptOutBot.Adapters.Discord.Rest.Requests;
using OptOutBot.Adapters.Discord.Tests.Support;
using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Tests.Rest;

public sealed class DiscordApiClientTests : IAsyncLifetime
{
    private const string App = "1234567890123456789";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private static MessagePayload Hello => new() { Content = "hello" };

    private static CreateFollowUpMessage FollowUp => new(App, "tok", Hello);

    private static CreateMessage Reminder(string channel = "42") => new(channel, Hello) { Proactive = true };

    private DiscordApiClient Api(Action<DiscordOptions>? configure = null) => Clients.Api(Clients.Options(_discord.BaseUrl, configure), _time);

    [Fact]
    public async Task ChannelMessage_SendsBotTokenAndNoMentions()
    {
        var result = await Api().SendAsync(Reminder());

        Assert.True(result.IsOk);
        var request = Assert.Single(_discord.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v10/channels/42/messages", request.Path);
        Assert.Equal("Bot test-token", request.Authorization);
        Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUp_UsesTheInteractionWebhookWithoutBotToken()
    {
        var api = Api();

        await api.SendAsync(FollowUp);
        await api.SendAsync(new EditOriginalResponse(App, "tok", Hello));

        var requests = _discord.Requests.ToArray();
        Assert.Equal(("POST", "/api/v10/webhooks/1234567890123456789/tok"), (requests[0].Method, requests[0].Path));
        Assert.Equal(("PATCH", "/api/v10/webhooks/1234567890123456789/tok/messages/@original"), (requests[1].Method, requests[1].Path));
        Assert.All(requests, r => Assert.Empty(r.Authorization));
    }

    [Fact]
    public async Task CreateDm_ReturnsTheChannel()
    {
        _discord.Then(200, "{\"id\":\"777\",\"type\":1}");

        var opened = await Api().SendAsync(new CreateDm("13"));

        Assert.Equal("777", opened.Value?.Id);
        Assert.Contains("\"recipient_id\":\"13\"", Assert.Single(_discord.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactive_EmptyBucket_NextCallWaitsForTheResetOnTheClock()
    {
        var api = Api();
        _discord.Then(200, "{}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "1"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "0.4"));
        await api.SendAsync(FollowUp);

        var second = api.SendAsync(FollowUp);
        await Task.Delay(100);
        Assert.Single(_discord.Requests); // held back: the bucket is empty until the reset
        _time.Advance(TimeSpan.FromSeconds(0.4));

        Assert.True((await second).IsOk);
        Assert.Equal(2, _discord.Requests.Count);
    }

    [Fact]
    public async Task Interactive_EmptyBucket_WaitLongerThanAllowed_ReturnsRetryAfterWithoutCalling()
    {
        var api = Api(o => o.MaxRateLimitWait = TimeSpan.FromSeconds(1));
        _discord.Then(200, "{}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "30"));

        await api.SendAsync(FollowUp);
        var second = await api.SendAsync(FollowUp);

        Assert.Equal(DiscordOutcome.RateLimited, second.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), second.RetryAfter);
        Assert.False(second.Global);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task EmptyBucket_OtherChannelIsNotHeldBack()
    {
        var api = Api();
        _discord.Then(200, "{}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "30"));

        await api.SendAsync(Reminder("42"));
        var other = await api.SendAsync(Reminder("43"));

        Assert.True(other.IsOk);
        Assert.Equal(2, _discord.Requests.Count);
    }

    [Fact]
    public async Task Global429_PausesEveryRoute()
    {
        var api = Api(o => o.MaxRateLimitWait = TimeSpan.FromSeconds(1));
        _discord.Then(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":20,\"global\":true}", ("X-RateLimit-Global", "true"), ("X-RateLimit-Scope", "global"));

        var first = await api.SendAsync(FollowUp);
        var dm = await api.SendAsync(new CreateDm("7"));

        Assert.Equal(DiscordOutcome.RateLimited, first.Outcome);
        Assert.True(first.Global);
        Assert.Equal(TimeSpan.FromSeconds(20), first.RetryAfter);
        Assert.Equal(DiscordOutcome.RateLimited, dm.Response.Outcome);
        Assert.True(dm.Response.Global);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task Interactive_Short429_IsWaitedOutOnTheClockAndRetried()
    {
        var api = Api();
        _discord.Then(429, "{\"message\":\"slow down\",\"retry_after\":0.2,\"global\":false}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Scope", "user"));

        var call = api.SendAsync(FollowUp);
        await Clients.Until(() => _discord.Requests.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(0.2));
        var result = await call;

        Assert.True(result.IsOk);
        Assert.Equal(2, _discord.Requests.Count);
    }

    [Fact]
    public async Task Interactive_ServerErrors_AreRetriedThenSucceed()
    {
        var api = Api(o => o.RetryBaseDelay = TimeSpan.Zero);
        _discord.Then(502, "bad gateway");
        _discord.Then(500, "{}");

        var result = await api.SendAsync(FollowUp);

        Assert.True(result.IsOk);
        Assert.Equal(3, _discord.Requests.Count);
    }

    [Fact]
    public async Task Interactive_ServerErrors_Persisting_FailTransient()
    {
        var api = Api(o => { o.MaxRetries = 2; o.RetryBaseDelay = TimeSpan.Zero; });
        _discord.Default = ctx => FakeDiscord.Json(ctx, 503, "{}");

        var result = await api.SendAsync(FollowUp);

        Assert.Equal(DiscordOutcome.Failed, result.Outcome);
        Assert.True(result.Transient);
        Assert.Equal(3, _discord.Requests.Count);
    }

    [Fact]
    public async Task Interactive_SlowResponse_TimesOutOnTheClockAndFailsTransient()
    {
        var api = Api(o => { o.RequestTimeout = TimeSpan.FromSeconds(1); o.MaxRetries = 1; o.RetryBaseDelay = TimeSpan.Zero; });
        _discord.Default = Hang;

        var call = api.SendAsync(FollowUp);
        await Clients.Until(() => _discord.Requests.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Clients.Until(() => _discord.Requests.Count == 2);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await call;

        Assert.Equal(DiscordOutcome.Failed, result.Outcome);
        Assert.True(result.Transient);
        Assert.Equal("timeout", result.Reason);
        Assert.Equal(2, _discord.Requests.Count);
    }

    [Fact]
    public async Task Proactive_ServerError_IsOneRequest_FailedTransient()
    {
        _discord.Default = ctx => FakeDiscord.Json(ctx, 502, "{}");

        var result = await Api().SendAsync(Reminder());

        Assert.Equal(DiscordOutcome.Failed, result.Outcome);
        Assert.True(result.Transient);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task Proactive_Timeout_IsOneRequest_FailedTransient()
    {
        // A send that timed out may have arrived: retrying here could post the reminder twice.
        var api = Api(o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        _discord.Default = Hang;

        var call = api.SendAsync(Reminder());
        await Clients.Until(() => _discord.Requests.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await call;

        Assert.Equal(("timeout", true), (result.Reason, result.Transient));
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task Proactive_Short429_IsHandedBackNotWaited()
    {
        _discord.Then(429, "{\"message\":\"slow down\",\"retry_after\":0.2,\"global\":false}", ("X-RateLimit-Scope", "user"));

        var result = await Api().SendAsync(Reminder());

        Assert.Equal(DiscordOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(0.2), result.RetryAfter);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task Proactive_EmptyBucket_IsHandedBackWithoutCalling()
    {
        var api = Api();
        _discord.Then(200, "{}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "1"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "0.4"));

        await api.SendAsync(Reminder());
        var second = await api.SendAsync(Reminder());

        Assert.Equal(DiscordOutcome.RateLimited, second.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(0.4), second.RetryAfter);
        Assert.Single(_discord.Requests);
    }

    [Theory]
    [InlineData(404, "{\"message\":\"Unknown Channel\",\"code\":10003}")]
    [InlineData(403, "{\"message\":\"Missing Access\",\"code\":50001}")]
    [InlineData(403, "{\"message\":\"Cannot send messages to this user\",\"code\":50007}")]
    public async Task UnknownChannelOrMissingAccess_IsRecipientGone(int status, string body)
    {
        _discord.Then(status, body);

        var result = await Api().SendAsync(Reminder());

        Assert.Equal(DiscordOutcome.Gone, result.Outcome);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task BadRequest_FailsWithoutRetry()
    {
        _discord.Then(400, "{\"message\":\"Invalid Form Body\",\"code\":50035}");

        var result = await Api().SendAsync(FollowUp);

        Assert.Equal(DiscordOutcome.Failed, result.Outcome);
        Assert.False(result.Transient);
        Assert.Contains("50035", result.Reason, StringComparison.Ordinal);
        Assert.Single(_discord.Requests);
    }

    private static async Task Hang(Microsoft.AspNetCore.Http.HttpContext ctx)
    {
        await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
