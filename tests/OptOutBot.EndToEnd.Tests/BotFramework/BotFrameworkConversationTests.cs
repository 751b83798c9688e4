using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

public sealed class BotFrameworkConversationTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    private ChannelClient Channel(string channelId, bool isGroup = false, string? locale = "fr-FR") => new(fixture.Bot, fixture.Cloud, channelId, isGroup, locale);

    [Theory]
    [InlineData("webchat", "[x](https://evil.example) **b**", @"\[x\](https://evil.example) \*\*b\*\*")]
    [InlineData("msteams", "[x](https://evil.example) **b**", @"\[x\](https://evil.example) \*\*b\*\*")]
    // The argument is cut at 40 characters, inside the link.
    [InlineData("webchat", "[click](https://evil.example/a-long-path-that-is-cut-at-forty)", @"\[click\](https://evil.example/a-long-path")]
    public async Task OptOutWithMarkupInTheArgument_RepeatsItAsEscapedMarkdown(string channelId, string argument, string shown)
    {
        var chat = Channel(channelId, locale: "en-US");

        var replies = await chat.SayAsync("/optout " + argument);

        var text = string.Join("\n", replies.Select(r => r.Text));
        Assert.Contains(shown, text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!\\)\[(x|click)(?<!\\)\]\(", text);
        Assert.DoesNotContain(" **b**", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebChat_WelcomesTheNewcomer_WithSuggestedActions()
    {
        var chat = Channel("webchat");

        var replies = await chat.JoinAsync();

        var welcome = Assert.Single(replies);
        Assert.False(string.IsNullOrWhiteSpace(welcome.Text));
        Assert.Equal("markdown", welcome.Activity.GetProperty("textFormat").GetString());
        Assert.Equal("fr-FR", welcome.Activity.GetProperty("locale").GetString());
        var to = welcome.Activity.GetProperty("suggestedActions").GetProperty("to");
        Assert.Equal(chat.UserId, to[0].GetString());
        Assert.NotEmpty(welcome.Buttons);
    }

    [Fact]
    public async Task WebChat_Question_ThenButtonPress_WalksTheGuide()
    {
        var chat = Channel("webchat");

        var answer = await chat.SayAsync("comment m'opposer sur insta ?");
        Assert.Contains("Instagram", string.Join("\n", answer.Select(a => a.Text)), StringComparison.OrdinalIgnoreCase);
        var button = answer.SelectMany(a => a.Buttons).First(b => b.GetProperty("type").GetString() == "messageBack");

        var next = await chat.PressAsync(button.GetProperty("title").GetString()!);

        Assert.NotEmpty(next);
        Assert.NotEqual(answer[^1].Text, next[^1].Text);
    }

    [Fact]
    public async Task Teams_ShowsButtonsOnHeroCards_AndWelcomesWhenInstalled()
    {
        var chat = Channel("msteams", locale: "en-US");
        var install = chat.Activity("conversationUpdate");
        install["membersAdded"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = chat.BotId });

        var welcome = await chat.SendAsync(install);
        var answer = await chat.SayAsync("how do I object on facebook");

        Assert.Single(welcome);
        Assert.All(welcome.Concat(answer), a => Assert.False(a.Activity.TryGetProperty("suggestedActions", out _)));
        var cards = answer.Where(a => a.Activity.TryGetProperty("attachments", out _)).ToList();
        Assert.NotEmpty(cards);
        Assert.All(cards.SelectMany(c => c.Activity.GetProperty("attachments").EnumerateArray()), a => Assert.Equal("application/vnd.microsoft.card.hero", a.GetProperty("contentType").GetString()));
        Assert.Contains("Facebook", string.Join("\n", answer.Select(a => a.Text)), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("tenant-1", answer[0].Activity.GetProperty("conversation").GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Teams_GroupMention_IsAnswered_AndNewMembersAreNotSpammed()
    {
        var chat = Channel("msteams", isGroup: true, locale: "fr-FR");
        var joined = chat.Activity("conversationUpdate");
        joined["membersAdded"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = "29:someone-else" });

        Assert.Empty(await chat.SendAsync(joined));
        var answer = await chat.SayAsync("<at>OptOutBot</at> quelle est la date limite ?");

        Assert.NotEmpty(answer);
    }

    [Fact]
    public async Task SlashCommand_IsACommand()
    {
        var chat = Channel("webchat", locale: "en-US");

        var replies = await chat.SayAsync("/language fr");

        Assert.NotEmpty(replies);
    }

    [Fact]
    public async Task TypingAndInvoke_AreAcknowledged_WithoutReply()
    {
        var chat = Channel("webchat");

        Assert.Empty(await chat.SendAsync(chat.Activity("typing")));
        var invoke = chat.Activity("invoke");
        invoke["name"] = "composeExtension/query";
        Assert.Empty(await chat.SendAsync(invoke));
    }

    [Fact]
    public async Task ConnectorToken_IsFetchedOnce_ForManyReplies()
    {
        var chat = Channel("webchat");
        for (var i = 0; i < 3; i++)
        {
            await chat.SayAsync("bonjour");
        }

        Assert.Equal(1, fixture.Cloud.TokenRequests);
    }

    [Fact]
    public async Task EmulatorToken_IsAccepted()
    {
        var chat = Channel("emulator");
        chat.TokenOverride = () => fixture.Cloud.Tokens.Emulator();

        Assert.NotEmpty(await chat.SayAsync("bonjour"));
    }
}

public sealed class BotFrameworkSplitTests
{
    [Fact]
    public async Task LongAnswers_BecomeSeveralActivities_UnderTheLimit_WithButtonsLast()
    {
        await using var cloud = await FakeBotFrameworkCloud.StartAsync();
        var settings = cloud.BotSettings();
        settings["BotFramework:MaxMessageLength"] = "200";
        await using var bot = await RunningBot.StartAsync(settings);
        var chat = new ChannelClient(bot, cloud, "webchat", locale: "fr-FR");

        var replies = await chat.SayAsync("comment m'opposer sur insta ?");

        Assert.True(replies.Count >= 2, $"{replies.Count} activities");
        Assert.All(replies, r => Assert.InRange(r.Text.Length, 0, 200));
        Assert.True(replies[^1].Buttons.Any(), "the buttons come with the last part");
    }
}
