using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Discord.Tests.Support;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing;

namespace OptOutBot.Adapters.Discord.Tests.Rest;

public sealed class DiscordSenderAndRegistrarTests : IAsyncLifetime
{
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private static Reply Reminder => Reply.Single(new ReplyMessage("Rappel : **plus que 3 jours**"));

    [Fact]
    public async Task SendToChannel_PostsTheRenderedMessage()
    {
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);

        var result = await sender.SendAsync(new ChannelAddress("discord", "channel:42"), Reminder);

        Assert.Same(SendResult.Delivered, result);
        var request = Assert.Single(_discord.Requests);
        Assert.Equal("/api/v10/channels/42/messages", request.Path);
        Assert.Contains("**plus que 3 jours**", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"flags\"", request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "Source :")]
    [InlineData("en", "Source:")]
    public async Task Reminder_HasDiscordsOwnLabels_InThePersonsLanguage(string locale, string label)
    {
        // Reminders used to come out with English labels whatever language the person had chosen.
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);
        var sourced = new ReplyMessage("Rappel") { Sources = [new SourceNote("Meta", "https://about.fb.com/news/", new DateOnly(2026, 11, 1))] };

        await sender.SendAsync(new ChannelAddress("discord", "channel:42"), Reply.Single(sourced, locale));

        var body = Assert.Single(_discord.Requests).Body;
        Assert.Contains(label + " [Meta]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendToUser_OpensTheDmOnceThenPosts()
    {
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);
        _discord.Then(200, "{\"id\":\"777\",\"type\":1}");

        await sender.SendAsync(new ChannelAddress("discord", "user:13"), Reminder);
        await sender.SendAsync(new ChannelAddress("discord", "user:13"), Reminder);

        var requests = _discord.Requests.ToArray();
        Assert.Equal("/api/v10/users/@me/channels", requests[0].Path);
        Assert.Contains("\"recipient_id\":\"13\"", requests[0].Body, StringComparison.Ordinal);
        Assert.Equal(["/api/v10/channels/777/messages", "/api/v10/channels/777/messages"], requests.Skip(1).Select(r => r.Path));
    }

    [Fact]
    public async Task SendToUser_OpeningTheDmIsARequestToo_TheMessageWaitsForThePacer()
    {
        // Discord counts the DM request against its global limit: the lane paced it, so the message after it is paced too.
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);
        _discord.Then(200, "{\"id\":\"777\",\"type\":1}");
        var first = new RecordingPacer(() => _discord.Requests.Count);
        var second = new RecordingPacer(() => _discord.Requests.Count);

        await sender.SendAsync(new ChannelAddress("discord", "user:13"), Reminder, 0, first, CancellationToken.None);
        await sender.SendAsync(new ChannelAddress("discord", "user:13"), Reminder, 0, second, CancellationToken.None);

        Assert.Equal([1], first.CallsBeforeEachWait);
        Assert.Empty(second.CallsBeforeEachWait);
        Assert.Equal(3, _discord.Requests.Count);
    }

    [Fact]
    public async Task UnknownChannel_IsRecipientGone()
    {
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);
        _discord.Then(404, "{\"message\":\"Unknown Channel\",\"code\":10003}");

        var result = await sender.SendAsync(new ChannelAddress("discord", "channel:42"), Reminder);

        Assert.IsType<SendResult.RecipientGone>(result);
    }

    [Fact]
    public async Task UserWhoClosedDms_IsRecipientGone()
    {
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);
        _discord.Then(200, "{\"id\":\"777\"}");
        _discord.Then(403, "{\"message\":\"Cannot send messages to this user\",\"code\":50007}");

        var result = await sender.SendAsync(new ChannelAddress("discord", "user:13"), Reminder);

        Assert.IsType<SendResult.RecipientGone>(result);
    }

    [Fact]
    public async Task RateLimited_IsRetryAfter()
    {
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl, o => o.MaxRateLimitWait = TimeSpan.Zero)), RealContent.Value);
        _discord.Then(429, "{\"message\":\"slow\",\"retry_after\":12.5,\"global\":true}", ("X-RateLimit-Global", "true"));

        var result = await sender.SendAsync(new ChannelAddress("discord", "channel:42"), Reminder);

        var retry = Assert.IsType<SendResult.RetryAfter>(result);
        Assert.Equal(TimeSpan.FromSeconds(12.5), retry.Delay);
        Assert.True(retry.Global);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task ServerError_IsOneRequest_TransientForTheLaneToRetry(int status)
    {
        // The lane owns retries: a second try here would be a third or fourth once the lane retried too.
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);
        _discord.Default = ctx => FakeDiscord.Json(ctx, status, "{}");

        var result = await sender.SendAsync(new ChannelAddress("discord", "channel:42"), Reminder);

        Assert.True(Assert.IsType<SendResult.Failed>(result).Transient);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task ShortRateLimit_IsOneRequest_HandedToTheLane()
    {
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);
        _discord.Then(429, "{\"message\":\"slow\",\"retry_after\":0.3,\"global\":false}");

        var result = await sender.SendAsync(new ChannelAddress("discord", "channel:42"), Reminder);

        Assert.Equal(TimeSpan.FromSeconds(0.3), Assert.IsType<SendResult.RetryAfter>(result).Delay);
        Assert.Single(_discord.Requests);
    }

    [Fact]
    public async Task ForeignAddress_FailsPermanently()
    {
        var sender = new DiscordSender(Clients.Api(Clients.Options(_discord.BaseUrl)), RealContent.Value);

        var result = await sender.SendAsync(new ChannelAddress("discord", "42"), Reminder);

        Assert.False(Assert.IsType<SendResult.Failed>(result).Transient);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task RegisterInGuild_BulkOverwritesGuildCommands()
    {
        var options = Clients.Options(_discord.BaseUrl);
        var registrar = new DiscordRegistrar(Fakes.Catalog().Object, Clients.Api(options), Options.Create(options));
        var output = new StringWriter();

        var code = await registrar.RegisterAsync(new Dictionary<string, string> { ["guild"] = "1111" }, output);

        Assert.Equal(0, code);
        var request = Assert.Single(_discord.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/api/v10/applications/1234567890123456789/guilds/1111/commands", request.Path);
        Assert.Equal("Bot test-token", request.Authorization);
        Assert.Contains("/optout", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("test-token", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterGlobally_WithoutToken_SaysWhichSettingIsMissing()
    {
        var options = Clients.Options(_discord.BaseUrl, o => o.BotToken = "");
        var registrar = new DiscordRegistrar(Fakes.Catalog().Object, Clients.Api(options), Options.Create(options));
        var output = new StringWriter();

        var code = await registrar.RegisterAsync(new Dictionary<string, string>(), output);

        Assert.NotEqual(0, code);
        Assert.Contains("Discord:BotToken", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task RegisterGlobally_PutsGlobalCommands()
    {
        var options = Clients.Options(_discord.BaseUrl);
        var registrar = new DiscordRegistrar(Fakes.Catalog().Object, Clients.Api(options), Options.Create(options));

        Assert.Equal(0, await registrar.RegisterAsync(new Dictionary<string, string>(), TextWriter.Null));

        Assert.Equal("/api/v10/applications/1234567890123456789/commands", Assert.Single(_discord.Requests).Path);
    }
}
