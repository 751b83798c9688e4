using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>The host's REST side against a fake Discord: command registration and reminders, bodies checked against the OpenAPI schema.</summary>
public sealed class DiscordRestTests : IAsyncLifetime
{
    private DiscordTestBot _bot = null!;

    public async Task InitializeAsync() => _bot = await DiscordTestBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task RegisterDiscord_InAGuild_PutsEveryCommandAsAValidBulkOverwrite()
    {
        var registrar = _bot.Services.GetServices<IPlatformRegistrar>().Single(r => r.Platform == "discord");
        var output = new StringWriter();

        var code = await registrar.RegisterAsync(new Dictionary<string, string> { ["guild"] = DiscordTestBot.GuildId }, output);

        Assert.Equal(0, code);
        var put = Assert.Single(_bot.Discord.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Equal($"/api/v10/applications/{DiscordTestBot.ApplicationId}/guilds/{DiscordTestBot.GuildId}/commands", put.Path);
        Assert.Equal("Bot test-bot-token", put.Authorization);
        var commands = JsonNode.Parse(put.Body)!.AsArray();
        var catalog = _bot.Services.GetRequiredService<IContentCatalog>();
        Assert.Equal(catalog.Commands.Select(c => c.Name), commands.Select(c => (string)c!["name"]!));
        foreach (var command in commands)
        {
            OpenApiSchema.DiscordSpec.AssertValid(command!.ToJsonString(), "ApplicationCommandUpdateRequest");
            Assert.Matches(@"^[-_'\p{L}\p{N}]{1,32}$", (string)command["name"]!);
            // Six content languages, seven Discord locales (English is en-US and en-GB; Spanish is es-ES).
            var described = command["description_localizations"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            Assert.Equal(["de", "en-GB", "en-US", "es-ES", "fr", "it", "nl"], described);
            foreach (var localised in new[] { command["description_localizations"], command["name_localizations"] }
                .Concat(command["options"]?.AsArray().SelectMany(o => new[] { o!["description_localizations"], o["name_localizations"] }) ?? []))
            {
                foreach (var (locale, text) in localised?.AsObject() ?? [])
                {
                    Assert.Contains(locale, DiscordLocales.Value);
                    Assert.False(string.IsNullOrWhiteSpace((string?)text), $"{command["name"]}: empty text for {locale}");
                }
            }
        }

        var ask = commands.Single(c => (string)c!["name"]! == "ask")!;
        Assert.True((bool)ask["options"]![0]!["autocomplete"]!);
    }

    [Fact]
    public async Task Reminder_ToAChannelAndToADm_AreValidMessages()
    {
        var sender = _bot.Services.GetServices<IChannelSender>().Single(s => s.Channel == "discord");
        var reply = Reply.Single(new ReplyMessage("**Rappel** : il reste 3 jours. @everyone") { Links = [new LinkButton("Centre", "https://accountscenter.instagram.com/")] });
        _bot.Discord.Then(200, "{\"id\":\"4444\",\"type\":1}");
        _bot.Discord.Then(200, "{\"id\":\"5555\"}");

        Assert.Same(SendResult.Delivered, await sender.SendAsync(new ChannelAddress("discord", "user:77"), reply));
        Assert.Same(SendResult.Delivered, await sender.SendAsync(new ChannelAddress("discord", "channel:2222222222222222222"), reply));

        var requests = _bot.Discord.Requests.ToArray();
        Assert.Equal("/api/v10/users/@me/channels", requests[0].Path);
        Assert.Equal("/api/v10/channels/4444/messages", requests[1].Path);
        Assert.Equal("/api/v10/channels/2222222222222222222/messages", requests[2].Path);
        foreach (var message in requests.Skip(1))
        {
            OpenApiSchema.DiscordSpec.AssertValid(message.Body, "MessageCreateRequest");
            Assert.Contains("\\\\@everyone", message.Body, StringComparison.Ordinal);
            Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", message.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reminder_ToADeletedChannel_IsRecipientGone()
    {
        var sender = _bot.Services.GetServices<IChannelSender>().Single(s => s.Channel == "discord");
        _bot.Discord.Then(404, "{\"message\":\"Unknown Channel\",\"code\":10003}");

        var result = await sender.SendAsync(new ChannelAddress("discord", "channel:9"), Reply.Single(new ReplyMessage("x")));

        Assert.IsType<SendResult.RecipientGone>(result);
    }

    /// <summary>The locales Discord accepts (<c>AvailableLocalesEnum</c> of the OpenAPI copy in tests/specs).</summary>
    private static readonly Lazy<HashSet<string>> DiscordLocales = new(() =>
        JsonNode.Parse(File.ReadAllText(OptOutBot.Testing.RepositoryPaths.Spec("discord-openapi.json")))!["components"]!["schemas"]!["AvailableLocalesEnum"]!["oneOf"]!
            .AsArray().Select(x => (string)x!["const"]!).ToHashSet(StringComparer.Ordinal));
}
