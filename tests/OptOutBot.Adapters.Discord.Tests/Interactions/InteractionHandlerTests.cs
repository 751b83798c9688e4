using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using OptOutBot.Adapters.Discord.Interactions;
using OptOutBot.Adapters.Discord.Tests.Support;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using Opts = Microsoft.Extensions.Options.Options;

namespace OptOutBot.Adapters.Discord.Tests.Interactions;

public sealed class InteractionHandlerTests
{
    private readonly Mock<OptOutBot.Engine.Ports.IContentCatalog> _catalog = Fakes.Catalog();

    private InteractionHandler Handler(Mock<IConversationEngine> engine, DiscordOptions? options = null)
    {
        options ??= Clients.Options("http://127.0.0.1:9/api/v10");
        return new InteractionHandler(OptOutBot.Testing.TestGuard.For(engine.Object), _catalog.Object, Clients.Api(options), Opts.Create(options), TimeProvider.System, Fakes.Lifetime(), NullLogger<InteractionHandler>.Instance);
    }

    private static Interaction Parse(string json) => JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Interaction)!;

    [Fact]
    public async Task Ping_AnswersPongWithoutTheEngine()
    {
        var engine = Fakes.Engine(Fakes.Answer("x"));

        var answer = await Handler(engine).HandleAsync(Parse(Support.Interactions.Ping));

        Assert.Equal(CallbackTypes.Pong, answer.Response!.Type);
        engine.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SlashCommandInServer_BecomesCommandInputWithGroupScopeAndChannelAddress()
    {
        var engine = Fakes.Engine(Fakes.Answer("Voici les étapes"));
        InboundMessage? seen = null;
        engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()))
            .Callback((InboundMessage m, CancellationToken _) => seen = m)
            .Returns(new ValueTask<TurnResult>(Fakes.Answer("Voici les étapes")));

        var answer = await Handler(engine).HandleAsync(Parse(Support.Interactions.Command("optout", "platform", "instagram")));

        Assert.NotNull(seen);
        Assert.Equal(new CommandInput("optout", "instagram"), seen.Input);
        Assert.Equal("discord", seen.Channel);
        Assert.Equal(Support.Interactions.UserId, seen.UserId);
        Assert.Equal(Support.Interactions.ChannelId, seen.ConversationId);
        Assert.Equal("fr", seen.LocaleHint);
        Assert.Equal(ConversationScope.Group, seen.Scope);
        Assert.Equal(new ChannelAddress("discord", "channel:" + Support.Interactions.ChannelId), seen.ReplyAddress);
        Assert.Equal(CallbackTypes.ChannelMessage, answer.Response!.Type);
        var payload = Assert.IsType<MessagePayload>(answer.Response.Data);
        Assert.Equal(MessageFlags.Ephemeral, payload.Flags);
        Assert.Equal("Voici les étapes", payload.Content);
        Assert.Empty(payload.AllowedMentions.Parse);
    }

    [Theory]
    [InlineData("16", true)] // MANAGE_CHANNELS
    [InlineData("8", true)] // ADMINISTRATOR
    [InlineData("2048", false)] // SEND_MESSAGES only
    public async Task SenderIsAdmin_FollowsManageChannelsPermission(string permissions, bool admin)
    {
        InboundMessage? seen = null;
        var engine = Fakes.Engine(Fakes.Answer("ok"));
        engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()))
            .Callback((InboundMessage m, CancellationToken _) => seen = m).Returns(new ValueTask<TurnResult>(Fakes.Answer("ok")));

        await Handler(engine).HandleAsync(Parse(Support.Interactions.Command("subscribe", permissions: permissions)));

        Assert.Equal(admin, seen!.SenderIsAdmin);
    }

    [Fact]
    public async Task CommandInDm_IsPrivateNotEphemeralAndAddressedToTheUser()
    {
        InboundMessage? seen = null;
        var engine = Fakes.Engine(Fakes.Answer("ok"));
        engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()))
            .Callback((InboundMessage m, CancellationToken _) => seen = m).Returns(new ValueTask<TurnResult>(Fakes.Answer("ok")));

        var answer = await Handler(engine).HandleAsync(Parse(Support.Interactions.Command("deadline", inGuild: false, locale: "en-GB")));

        Assert.Equal(ConversationScope.Private, seen!.Scope);
        Assert.Null(seen.SenderIsAdmin);
        Assert.Equal("en-GB", seen.LocaleHint);
        Assert.Equal(new ChannelAddress("discord", "user:" + Support.Interactions.UserId), seen.ReplyAddress);
        var payload = Assert.IsType<MessagePayload>(answer.Response!.Data);
        Assert.Null(payload.Flags);
        Assert.DoesNotContain(payload.Components ?? [], row => row.Components!.Any(c => c.CustomId == DiscordRenderer.ShareActionId));
    }

    [Fact]
    public async Task AnswerInServer_OffersShareButton()
    {
        var engine = Fakes.Engine(Fakes.Answer("ok", new Choice("C'est fait", "s:instagram/done")));

        var answer = await Handler(engine).HandleAsync(Parse(Support.Interactions.Command("deadline")));

        var payload = Assert.IsType<MessagePayload>(answer.Response!.Data);
        var buttons = payload.Components!.SelectMany(r => r.Components!).ToList();
        Assert.Contains(buttons, b => b.CustomId == "s:instagram/done" && b.Label == "C'est fait");
        Assert.Contains(buttons, b => b.CustomId == DiscordRenderer.ShareActionId && b.Label == "Partager dans le salon");
    }

    [Fact]
    public async Task ShareButton_RepostsPubliclyWithoutShareButtonAndWithoutEngine()
    {
        var engine = Fakes.Engine(Fakes.Answer("x"));
        var message = $$"""{"id":"555","content":"**Étapes** pour Instagram","flags":64,"components":[{"type":1,"components":[{"type":2,"style":1,"label":"C'est fait","custom_id":"s:instagram/done"},{"type":2,"style":2,"label":"Partager dans le salon","custom_id":"x:share"}]}]}""";

        var answer = await Handler(engine).HandleAsync(Parse(Support.Interactions.Button("x:share", messageJson: message)));

        Assert.Equal(CallbackTypes.ChannelMessage, answer.Response!.Type);
        var payload = Assert.IsType<MessagePayload>(answer.Response.Data);
        Assert.Null(payload.Flags);
        Assert.Equal("**Étapes** pour Instagram", payload.Content);
        var button = Assert.Single(payload.Components!.SelectMany(r => r.Components!));
        Assert.Equal("s:instagram/done", button.CustomId);
        engine.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ButtonOnEphemeralMessage_ContinuingGuide_UpdatesInPlace()
    {
        var result = Fakes.Answer("Étape 2") with { Reply = Reply.Single(new ReplyMessage("Étape 2")) with { ContinuesPrevious = true } };
        var engine = Fakes.Engine(result);

        var answer = await Handler(engine).HandleAsync(Parse(Support.Interactions.Button("s:instagram/done")));

        Assert.Equal(CallbackTypes.UpdateMessage, answer.Response!.Type);
        engine.Verify(e => e.HandleAsync(It.Is<InboundMessage>(m => m.Input == new ActionInput("s:instagram/done")), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task ButtonOnPublicServerMessage_AnswersPrivatelyInsteadOfEditingForEveryone()
    {
        var result = Fakes.Answer("Étape 2") with { Reply = Reply.Single(new ReplyMessage("Étape 2")) with { ContinuesPrevious = true } };

        var answer = await Handler(Fakes.Engine(result)).HandleAsync(Parse(Support.Interactions.Button("s:instagram/done", ephemeralMessage: false)));

        Assert.Equal(CallbackTypes.ChannelMessage, answer.Response!.Type);
        Assert.Equal(MessageFlags.Ephemeral, Assert.IsType<MessagePayload>(answer.Response.Data).Flags);
    }

    [Fact]
    public async Task ButtonNotContinuingGuide_SendsNewMessage()
    {
        var answer = await Handler(Fakes.Engine(Fakes.Answer("Sujet"))).HandleAsync(Parse(Support.Interactions.Button("t:deadline")));

        Assert.Equal(CallbackTypes.ChannelMessage, answer.Response!.Type);
    }

    [Fact]
    public async Task SelectMenu_PassesTheChosenActionId()
    {
        var engine = Fakes.Engine(Fakes.Answer("ok"));

        await Handler(engine).HandleAsync(Parse(Support.Interactions.Select("t:whatsapp")));

        engine.Verify(e => e.HandleAsync(It.Is<InboundMessage>(m => m.Input == new ActionInput("t:whatsapp")), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Autocomplete_OffersTopicTitlesInTheUsersLanguage_IgnoringAccentsAndCase()
    {
        var engine = Fakes.Engine(Fakes.Answer("x"));

        var fr = await Handler(engine).HandleAsync(Parse(Support.Interactions.Autocomplete("s'OPPOS")));
        var en = await Handler(engine).HandleAsync(Parse(Support.Interactions.Autocomplete("insta", "en-US")));
        var all = await Handler(engine).HandleAsync(Parse(Support.Interactions.Autocomplete("", "fr")));

        Assert.Equal(CallbackTypes.AutocompleteResult, fr.Response!.Type);
        Assert.Equal(["S'opposer sur Facebook", "S'opposer sur Instagram"], Assert.IsType<AutocompletePayload>(fr.Response.Data).Choices.Select(c => c.Name).Order());
        Assert.Equal(["Object on Instagram"], Assert.IsType<AutocompletePayload>(en.Response!.Data).Choices.Select(c => c.Value));
        Assert.Equal(4, Assert.IsType<AutocompletePayload>(all.Response!.Data).Choices.Count);
        engine.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SlowTurn_IsDeferredThenFinishedThroughTheWebhook()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var options = Clients.Options(discord.BaseUrl, o => o.DeferAfter = TimeSpan.FromMilliseconds(100));
        var engine = new Mock<IConversationEngine>();
        engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()))
            .Returns(async () => { await Task.Delay(400); return Fakes.Answer("Enfin"); });

        var answer = await Handler(engine, options).HandleAsync(Parse(Support.Interactions.Command("ask", "question", "long")));

        Assert.Equal(CallbackTypes.DeferredChannelMessage, answer.Response!.Type);
        Assert.Equal(MessageFlags.Ephemeral, Assert.IsType<MessagePayload>(answer.Response.Data).Flags);
        Assert.Empty(discord.Requests);
        await answer.AfterResponse!(CancellationToken.None);
        var edit = Assert.Single(discord.Requests);
        Assert.Equal("PATCH", edit.Method);
        Assert.Equal("/api/v10/webhooks/1234567890123456789/tok-abc/messages/@original", edit.Path);
        Assert.Contains("Enfin", edit.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongAnswer_FirstPartInlineRestAsFollowUps()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var options = Clients.Options(discord.BaseUrl);
        var text = string.Join("\n", Enumerable.Range(0, 120).Select(i => $"Ligne numéro {i} avec un peu de texte pour remplir"));

        var answer = await Handler(Fakes.Engine(Fakes.Answer(text)), options).HandleAsync(Parse(Support.Interactions.Command("about")));

        var first = Assert.IsType<MessagePayload>(answer.Response!.Data);
        Assert.InRange(first.Content!.Length, 1, 2000);
        Assert.NotNull(answer.AfterResponse);
        await answer.AfterResponse(CancellationToken.None);
        Assert.NotEmpty(discord.Requests);
        Assert.All(discord.Requests, r => Assert.Equal("/api/v10/webhooks/1234567890123456789/tok-abc", r.Path));
        Assert.Contains("ro 119 avec", discord.Requests.Last().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownInteractionType_IsBadRequest()
    {
        var answer = await Handler(Fakes.Engine(Fakes.Answer("x"))).HandleAsync(new Interaction { Type = 99 });

        Assert.Null(answer.Response);
    }
}
