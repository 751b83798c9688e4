using OptOutBot.Adapters.Discord.Rest;
using OptOutBot.Adapters.Discord.Tests.Support;
using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Tests.Rest;

public sealed class DiscordApiClientTests : IAsyncLifetime
{
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private static MessagePayload Hello => new() { Content = "hello" };

    [Fact]
    public async Task ChannelMessage_SendsBotTokenAndNoMentions()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl));

        var result = await api.CreateMessageAsync("42", Hello);

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
        var api = Clients.Api(Clients.Options(_discord.BaseUrl));

        await api.CreateFollowUpAsync("1234567890123456789", "tok", Hello);
        await api.EditOriginalAsync("1234567890123456789", "tok", Hello);

        var requests = _discord.Requests.ToArray();
        Assert.Equal(("POST", "/api/v10/webhooks/1234567890123456789/tok"), (requests[0].Method, requests[0].Path));
        Assert.Equal(("PATCH", "/api/v10/webhooks/1234567890123456789/tok/messages/@original"), (requests[1].Method, requests[1].Path));
        Assert.All(requests, r => Assert.Empty(r.Authorization));
    }

    [Fact]
    public async Task EmptyBucket_NextCallWaitsForTheReset()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl));
        _discord.Then(200, "{}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "1"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "0.4"));

        await api.CreateMessageAsync("42", Hello);
        await api.CreateMessageAsync("42", Hello);

        var requests = _discord.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(300), $"second call came after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task EmptyBucket_WaitLongerThanAllowed_ReturnsRetryAfterWithoutCalling()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl, o => o.MaxRateLimitWaitSeconds = 1));
        _discord.Then(200, "{}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "30"));

        await api.CreateMessageAsync("42", Hello);
        var second = await api.CreateMessageAsync("42", Hello);

        Assert.Equal(DiscordOutcome.RateLimited, second.Outcome);
        Assert.InRange(second.RetryAfter.TotalSeconds, 25, 30);
        Assert.False(second.Global);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task EmptyBucket_OtherChannelIsNotHeldBack()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl, o => o.MaxRateLimitWaitSeconds = 0));
        _discord.Then(200, "{}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "30"));

        await api.CreateMessageAsync("42", Hello);
        var other = await api.CreateMessageAsync("43", Hello);

        Assert.True(other.IsOk);
        Assert.Equal(2, _discord.Requests.Count);
    }

    [Fact]
    public async Task Global429_PausesEveryRoute()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl, o => o.MaxRateLimitWaitSeconds = 1));
        _discord.Then(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":20,\"global\":true}", ("X-RateLimit-Global", "true"), ("X-RateLimit-Scope", "global"));

        var first = await api.CreateMessageAsync("42", Hello);
        var dm = await api.CreateDmAsync("7");

        Assert.Equal(DiscordOutcome.RateLimited, first.Outcome);
        Assert.True(first.Global);
        Assert.Equal(DiscordOutcome.RateLimited, dm.Outcome);
        Assert.True(dm.Global);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task Short429_IsWaitedOutAndRetried()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl));
        _discord.Then(429, "{\"message\":\"slow down\",\"retry_after\":0.2,\"global\":false}", ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Scope", "user"));

        var result = await api.CreateMessageAsync("42", Hello);

        Assert.True(result.IsOk);
        Assert.Equal(2, _discord.Requests.Count);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedThenSucceed()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl));
        _discord.Then(502, "bad gateway");
        _discord.Then(500, "{}");

        var result = await api.CreateMessageAsync("42", Hello);

        Assert.True(result.IsOk);
        Assert.Equal(3, _discord.Requests.Count);
    }

    [Fact]
    public async Task ServerErrors_Persisting_FailTransient()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl, o => o.MaxRetries = 2));
        _discord.Default = ctx => FakeDiscord.Json(ctx, 503, "{}");

        var result = await api.CreateMessageAsync("42", Hello);

        Assert.Equal(DiscordOutcome.Failed, result.Outcome);
        Assert.True(result.Transient);
        Assert.Equal(3, _discord.Requests.Count);
    }

    [Fact]
    public async Task SlowResponse_TimesOutAndFailsTransient()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl, o => { o.RequestTimeoutSeconds = 1; o.MaxRetries = 1; }));
        _discord.Default = async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            await FakeDiscord.Json(ctx, 200, "{}");
        };

        var result = await api.CreateMessageAsync("42", Hello);

        Assert.Equal(DiscordOutcome.Failed, result.Outcome);
        Assert.True(result.Transient);
        Assert.Equal("timeout", result.Reason);
        Assert.Equal(2, _discord.Requests.Count);
    }

    [Theory]
    [InlineData(404, "{\"message\":\"Unknown Channel\",\"code\":10003}")]
    [InlineData(403, "{\"message\":\"Missing Access\",\"code\":50001}")]
    [InlineData(403, "{\"message\":\"Cannot send messages to this user\",\"code\":50007}")]
    public async Task UnknownChannelOrMissingAccess_IsRecipientGone(int status, string body)
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl));
        _discord.Then(status, body);

        var result = await api.CreateMessageAsync("42", Hello);

        Assert.Equal(DiscordOutcome.Gone, result.Outcome);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task BadRequest_FailsWithoutRetry()
    {
        var api = Clients.Api(Clients.Options(_discord.BaseUrl));
        _discord.Then(400, "{\"message\":\"Invalid Form Body\",\"code\":50035}");

        var result = await api.CreateMessageAsync("42", Hello);

        Assert.Equal(DiscordOutcome.Failed, result.Outcome);
        Assert.False(result.Transient);
        Assert.Contains("50035", result.Reason, StringComparison.Ordinal);
        Assert.Single(_discord.Requests);
    }
}
