using OptOutBot.Testing.Tools;
namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// The host in long-polling mode against the telegram-test-api emulator, driven as a Telegram user would: text,
/// commands, button presses, in a private chat and in a group.
/// </summary>
[Collection(TelegramEmulatorCollection.Name)]
public sealed class TelegramEmulatorTests(TelegramEmulatorFixture fixture) : IAsyncLifetime
{
    private readonly ScriptedEngine _engine = new();
    private TelegramTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TelegramTestHost.StartAsync(fixture.PollingSettings(), _engine);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [RequiresFact(TestTool.TelegramEmulator)]
    public async Task Text_AnsweredInHtml_EscapedWithButtonsAndSource()
    {
        var user = new TelegramUser(fixture.Emulator, userId: 1001);

        var reply = Assert.Single(await user.SayAsync("a<b>&c"));

        Assert.Equal("HTML", reply.ParseMode);
        Assert.Equal("<b>Bonjour</b> &lt;a&lt;b&gt;&amp;c&gt; &amp; <a href=\"https://www.cnil.fr/\">CNIL</a>\n\n<i>📎 <a href=\"https://about.fb.com/\">Meta</a> (2025-05-27)</i>", reply.Text);
        Assert.Equal([("Guide", "s:demo/one", null), ("Menu", "m", null), ("Open Instagram", null, "https://www.instagram.com/")], reply.Buttons);
        var inbound = Assert.Single(_engine.Received);
        Assert.Equal(("telegram", "1001", "1001", "fr"), (inbound.Channel, inbound.ConversationId, inbound.UserId, inbound.LocaleHint));
    }

    [RequiresFact(TestTool.TelegramEmulator)]
    public async Task GuideButtons_EditTheSameMessageStepByStep()
    {
        var user = new TelegramUser(fixture.Emulator, userId: 1002, languageCode: "en");
        var greeting = Assert.Single(await user.SayAsync("hello"));

        var stepOne = Assert.Single(await user.PressAsync("Guide"));
        var stepTwo = Assert.Single(await user.PressAsync("Next"));

        Assert.Equal(greeting.MessageId, stepOne.MessageId);
        Assert.Equal("Step one", stepOne.Text);
        Assert.Equal(greeting.MessageId, stepTwo.MessageId);
        Assert.Equal("Step two", stepTwo.Text);
        Assert.Equal("en", _engine.Received.Last().LocaleHint);
    }

    [RequiresFact(TestTool.TelegramEmulator)]
    public async Task CommandWithArgument_ReachesTheEngineAsCommand()
    {
        var user = new TelegramUser(fixture.Emulator, userId: 1003);

        var reply = Assert.Single(await user.CommandAsync("/optout facebook"));

        Assert.Equal("command optout facebook", reply.Text);
    }

    [RequiresFact(TestTool.TelegramEmulator)]
    public async Task LongAnswer_SplitIntoMessagesUnderTheLimit_ButtonsOnTheLast()
    {
        var user = new TelegramUser(fixture.Emulator, userId: 1004);

        var replies = await user.SayAsync("long");

        Assert.True(replies.Count >= 3, $"{replies.Count} messages");
        Assert.All(replies, r => Assert.True(System.Net.WebUtility.HtmlDecode(r.Text).Length <= 4096));
        Assert.All(replies.SkipLast(1), r => Assert.Empty(r.Buttons));
        Assert.Equal("Menu", Assert.Single(replies[^1].Buttons).Label);
        Assert.StartsWith("Line 1 &lt;of&gt;", replies[0].Text);
        Assert.Contains("Line 400 ", replies[^1].Text);
    }

    [RequiresFact(TestTool.TelegramEmulator)]
    public async Task Group_OnlyCommandsForThisBotAreAnswered()
    {
        var member = new TelegramUser(fixture.Emulator, userId: 1005, groupId: -5005);

        Assert.Empty(await member.SayExpectingNothingAsync("who wants pizza?"));
        var reply = Assert.Single(await member.CommandAsync("/optout@TestNameBot instagram"));

        Assert.Equal("command optout instagram", reply.Text);
        var inbound = Assert.Single(_engine.Received);
        Assert.Equal(("-5005", "1005", Engine.Conversations.ConversationScope.Group), (inbound.ConversationId, inbound.UserId, inbound.Scope));
    }
}

/// <summary>One emulator process for all emulator tests (each test has its own host and chat ids).</summary>
public sealed class TelegramEmulatorFixture : IAsyncLifetime
{
    internal TelegramEmulator Emulator { get; private set; } = null!;

    internal Dictionary<string, string?> PollingSettings() => new()
    {
        ["Telegram:BotToken"] = TelegramEmulator.Token,
        ["Telegram:ApiBaseUrl"] = Emulator.BaseAddress.ToString(),
        ["Telegram:Mode"] = "polling",
        ["Telegram:PollTimeout"] = "00:00:00",
        ["Telegram:PollIdleDelay"] = "00:00:00.050",
    };

    public async Task InitializeAsync()
    {
        // Without the emulator every test of the collection is skipped (RequiresFact); do not fail the collection.
        if (TestTools.MissingReason(TestTool.TelegramEmulator) is null)
        {
            Emulator = await TelegramEmulator.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TelegramEmulatorCollection : ICollectionFixture<TelegramEmulatorFixture>
{
    public const string Name = "telegram emulator";
}
