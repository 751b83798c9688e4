using Microsoft.Extensions.Options;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>The invitation to subscribe appears only where the bot can later send the news (not on the web page).</summary>
public sealed class PushTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    private readonly RecordingSubscriptions _subscriptions = new();

    public static InboundMessage OnChannel(string channel, MessageInput input, string locale = "en") =>
        new(channel, "chat-" + channel, "user-" + channel, input, locale)
        {
            // The web adapter gives no address: it has nowhere to send a message later.
            ReplyAddress = channel == "web" ? null : new ChannelAddress(channel, "address-1"),
        };

    [Theory]
    [InlineData("en", "s:facebook/sent", "Get news")]
    [InlineData("fr", "s:facebook/sent", "Recevoir les nouvelles")]
    [InlineData("en", "s:instagram/sent", "Get news")]
    public async Task GuideStepOfferingNews_OnTelegram_HasTheChoiceAndTheInvitation_OnTheWeb_Neither(string locale, string step, string label)
    {
        var engine = Engine();

        var telegram = await engine.HandleAsync(OnChannel("telegram", new ActionInput(step), locale));
        var web = await engine.HandleAsync(OnChannel("web", new ActionInput(step), locale));

        Assert.Contains(telegram.Choices(), c => c.ActionId == "c:subscribe");
        Assert.Contains(label, telegram.Choices().Select(c => c.Label));
        Assert.Contains("/subscribe", telegram.PlainText());
        Assert.DoesNotContain(web.Choices(), c => c.ActionId.StartsWith("c:subscribe", StringComparison.Ordinal));
        Assert.DoesNotContain("/subscribe", web.PlainText());
        Assert.DoesNotContain(label, web.PlainText());

        // Everything else of the step is still there.
        Assert.Equal(telegram.Choices().Count - 1, web.Choices().Count);
        Assert.StartsWith(web.Reply.Messages[0].Text[..40], telegram.Reply.Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAnswerOrStepOfTheRealContent_InvitesToSubscribeOnTheWeb()
    {
        var engine = Engine();
        var content = fixture.Content;
        foreach (var locale in content.Locales)
        {
            foreach (var topic in content.Topics(locale))
            {
                var result = await engine.HandleAsync(OnChannel("web", new ActionInput("t:" + topic.Id), locale));
                Assert.False(result.Reply.Messages.Any(m => m.Text.Contains("/subscribe", StringComparison.Ordinal) || m.Choices.Any(c => c.ActionId.StartsWith("c:subscribe", StringComparison.Ordinal))), $"{locale}/{topic.Id} invites to subscribe on the web");

                // Follow the guide's choices one level down: the steps a person reaches from the answer.
                foreach (var choice in result.Choices().Where(c => c.ActionId.StartsWith("s:", StringComparison.Ordinal)))
                {
                    var step = await engine.HandleAsync(OnChannel("web", new ActionInput(choice.ActionId), locale));
                    Assert.DoesNotContain(step.Choices(), c => c.ActionId.StartsWith("c:subscribe", StringComparison.Ordinal));
                    Assert.DoesNotContain("/subscribe", step.PlainText());
                }
            }
        }
    }

    [Fact]
    public async Task Subscribe_OnTheWeb_SaysThisChannelCannotSendNews_AndNamesTheChannelsThatCan()
    {
        var engine = Engine(new PushChannels(["telegram", "discord"]));

        var result = await engine.HandleAsync(OnChannel("web", new CommandInput("subscribe")));

        Assert.Contains("cannot receive messages from me", result.PlainText());
        Assert.Contains("Discord, Telegram", result.PlainText());
        Assert.Empty(_subscriptions.Requests);
    }

    [Fact]
    public async Task Subscribe_WhenNoChannelOfThisBotCanPush_SaysTheBotSendsNoNews()
    {
        var engine = Engine(PushChannels.None);

        var result = await engine.HandleAsync(OnChannel("telegram", new CommandInput("subscribe")));

        Assert.Contains("does not send news at the moment", result.PlainText());
        Assert.Empty(_subscriptions.Requests);
    }

    [Fact]
    public async Task Subscribe_OnTelegram_SubscribesAndPromisesNewsAndDatedEvents()
    {
        var result = await Engine().HandleAsync(OnChannel("telegram", new CommandInput("subscribe")));

        Assert.Contains("news and dated events", result.PlainText());
        Assert.Equal("telegram", Assert.Single(_subscriptions.Requests).Address.Channel);
    }

    private ConversationEngine Engine(PushChannels? push = null)
    {
        var store = new InMemoryConversationStore();
        return new ConversationEngine(fixture.Content, store, TimeProvider.System, Options.Create(new ConversationOptions()), [store], _subscriptions,
            push: push ?? new PushChannels(["telegram", "discord", "botframework"]));
    }
}
