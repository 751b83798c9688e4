using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Broadcasts.Cli;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.EndToEnd.Tests.BotFramework;
using OptOutBot.EndToEnd.Tests.Discord;
using OptOutBot.EndToEnd.Tests.Telegram;
using OptOutBot.Testing;
using OptOutBot.Testing.Tools;

namespace OptOutBot.EndToEnd.Tests.Privacy;

/// <summary>
/// One person on all four channels of the real host (loopback, fake platforms): questions, subscriptions where the
/// channel can push, an announcement delivered through the outbox to each of their chats, then /forget confirmed on
/// every channel. Afterwards none of their ids — as text, as they travel on the wire, as SQLite integers — is left in
/// the SQLite file and its WAL, or in any row of any PostgreSQL table.
/// </summary>
public sealed class ForgetOnEveryChannelTests : IAsyncLifetime
{
    private const long TelegramId = 7461829305; // user and private chat
    private const string DiscordUserId = "918273645546372819";
    private const string DiscordDmChannelId = "827364554637281906";
    private const string TeamsUserId = "29:1ForgetMeTeamsUserQx7Lp2";
    private const string TeamsConversationId = "a:1ForgetMeConversationZk9Wm4";
    private const string WebSession = "forget-web-session-5e1f7a9c";
    private const string Announcement = "Rappel : la date limite approche.";

    private static readonly string[] PersonIds =
    [
        TelegramId.ToString(CultureInfo.InvariantCulture), DiscordUserId, DiscordDmChannelId, TeamsUserId, TeamsConversationId, WebSession,
        Uri.EscapeDataString(TeamsUserId), Uri.EscapeDataString(TeamsConversationId), // as they appear in Connector urls
    ];

    private readonly PostgresScratchDatabase _scratch = new();
    private FakeBotApiServer _telegram = null!;
    private FakeBotFrameworkCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        await _scratch.InitializeAsync();
        _telegram = await FakeBotApiServer.StartAsync();
        _cloud = await FakeBotFrameworkCloud.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        await _telegram.DisposeAsync();
        await _scratch.DisposeAsync();
    }

    [Fact]
    public async Task Sqlite_AfterForgetOnEveryChannel_NoIdOfThePersonIsInTheFileOrItsWal()
    {
        await using var discord = await StartAsync([]);
        var bot = discord.Bot;

        await UseEveryChannelAsync(discord);
        Assert.Contains(TelegramId.ToString(CultureInfo.InvariantCulture), RawDatabaseScan.SqliteFilesContaining(bot.DatabasePath, PersonIds)); // the scan sees the addresses before

        await ForgetOnEveryChannelAsync(discord);

        Assert.Empty(RawDatabaseScan.SqliteFilesContaining(bot.DatabasePath, PersonIds));
        await bot.StopAsync(); // and nothing is written on the way out either
        Assert.Empty(RawDatabaseScan.SqliteFilesContaining(bot.DatabasePath, PersonIds));
    }

    [RequiresFact(TestTool.Postgres)]
    public async Task Postgres_AfterForgetOnEveryChannel_NoTableHoldsAnIdOfThePerson()
    {
        await using var discord = await StartAsync(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = _scratch.ConnectionString,
        });

        await UseEveryChannelAsync(discord);
        Assert.Contains(TelegramId.ToString(CultureInfo.InvariantCulture), RawDatabaseScan.TextsContaining(await RawDatabaseScan.PostgresTablesAsync(_scratch.ConnectionString), PersonIds));

        await ForgetOnEveryChannelAsync(discord);

        Assert.Empty(await PostgresRowsNamingThePersonAsync());
        await discord.Bot.StopAsync();
        Assert.Empty(await PostgresRowsNamingThePersonAsync());
    }

    /// <summary>The rows (as text) that contain one of the person's ids: what the failure shows.</summary>
    private async Task<List<string>> PostgresRowsNamingThePersonAsync() =>
        (await RawDatabaseScan.PostgresTablesAsync(_scratch.ConnectionString)).Where(row => RawDatabaseScan.TextsContaining([row], PersonIds).Count > 0).ToList();

    private Task<DiscordTestBot> StartAsync(Dictionary<string, string?> storage)
    {
        var settings = new Dictionary<string, string?>(_cloud.BotSettings())
        {
            ["Telegram:BotToken"] = "123:TEST",
            ["Telegram:ApiBaseUrl"] = _telegram.BaseAddress.ToString(),
            ["Telegram:Mode"] = "webhook",
            ["Telegram:WebhookSecret"] = "s3cret",
            ["Web:RateLimitPerMinute"] = "0",
        };
        foreach (var (key, value) in storage)
        {
            settings[key] = value;
        }

        return DiscordTestBot.StartAsync(settings);
    }

    private ChannelClient? _teams;

    // One client for the whole conversation: its activity ids go on counting (a repeated id is a redelivery).
    private ChannelClient Teams(DiscordTestBot discord) =>
        _teams ??= new(discord.Bot, _cloud, "msteams", locale: "fr-FR") { UserId = TeamsUserId, ConversationId = TeamsConversationId };

    private static DiscordUserSession DiscordUser(DiscordTestBot discord) => new(discord, DiscordUserId, DiscordDmChannelId, inServer: false, locale: "fr");

    /// <summary>Questions everywhere, a subscription on the three channels that push, an announcement delivered to each.</summary>
    private async Task UseEveryChannelAsync(DiscordTestBot discord)
    {
        using var web = discord.Bot.CreateClient();
        await WebAsync(web, new JsonObject { ["text"] = "comment m'opposer sur insta ?" });
        await WebAsync(web, new JsonObject { ["command"] = "subscribe" }); // the web page cannot push: it says where one can

        Assert.Contains("Instagram", await TelegramAsync(discord, Message("comment m'opposer sur insta ?")), StringComparison.Ordinal);
        await TelegramAsync(discord, Message("/subscribe"));

        // Discord opens the DM channel the announcement goes to: this person's, on the wire.
        discord.Discord.Default = ctx => OptOutBot.Adapters.Discord.Tests.Support.FakeDiscord.Json(ctx, 200, $"{{\"id\":\"{DiscordDmChannelId}\"}}");
        var user = DiscordUser(discord);
        Assert.Contains("Instagram", (await discord.InteractAsync(user.Command("optout", "platform", "instagram"))).Content(), StringComparison.OrdinalIgnoreCase);
        await discord.InteractAsync(user.Command("subscribe"));

        var teams = Teams(discord);
        Assert.NotEmpty(await teams.SayAsync("comment m'opposer sur insta ?"));
        Assert.NotEmpty(await teams.SayAsync("/subscribe"));

        var broadcasts = discord.Services.GetRequiredService<BroadcastCommands>();
        var content = new BroadcastContent("fr", new Dictionary<string, BroadcastMessage> { ["fr"] = new(Announcement, []), ["en"] = new("Reminder: the deadline is near.", []) });
        var plan = await broadcasts.QueueAnnouncementAsync(content, null);
        Assert.Equal(3, plan.Recipients);

        await WaitForAsync("the announcement on Telegram", () => _telegram.CallsTo("sendMessage").Any(c => (long?)c.Body["chat_id"] == TelegramId && ((string?)c.Body["text"])?.Contains(Announcement, StringComparison.Ordinal) == true));
        await WaitForAsync("the announcement on Discord", () => discord.Discord.Requests.Any(r => r.Method == "POST" && r.Path.Contains(DiscordDmChannelId, StringComparison.Ordinal) && r.Body.Contains(Announcement, StringComparison.Ordinal)));
        await WaitForAsync("the announcement on Teams", () => _cloud.Calls.Any(c => c.ConversationId == TeamsConversationId && c.Text.Contains(Announcement, StringComparison.Ordinal)));
    }

    /// <summary>/forget, then the "yes" button, on each channel.</summary>
    private async Task ForgetOnEveryChannelAsync(DiscordTestBot discord)
    {
        using var web = discord.Bot.CreateClient();
        var ask = await WebAsync(web, new JsonObject { ["command"] = "forget" });
        var yes = ask.GetProperty("messages").EnumerateArray().SelectMany(m => m.TryGetProperty("choices", out var c) ? c.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(c => c.GetProperty("action").GetString()).First(a => a!.EndsWith(":yes", StringComparison.Ordinal));
        await WebAsync(web, new JsonObject { ["action"] = yes });

        await TelegramAsync(discord, Message("/forget"));
        Assert.NotEmpty(await TelegramAsync(discord, Press("c:forget:yes")));

        var user = DiscordUser(discord);
        var confirm = await discord.InteractAsync(user.Command("forget"));
        var done = await discord.InteractAsync(user.Press(confirm.Data(), confirm.Buttons().Single(b => b.Id == "c:forget:yes").Id, ephemeral: confirm.Flags() == 64));
        Assert.NotEmpty(done.Content());

        var teams = Teams(discord);
        await teams.SayAsync("/forget");
        var buttons = teams.LastReplies.SelectMany(r => r.Buttons).ToList();
        var button = buttons.FirstOrDefault(b => b.TryGetProperty("value", out var v) && v.GetRawText().Contains("c:forget:yes", StringComparison.Ordinal));
        Assert.True(button.ValueKind == JsonValueKind.Object, "no confirmation button: " + string.Join(", ", buttons.Select(b => b.GetRawText())) + string.Join(", ", teams.LastReplies.Select(r => r.Text)));
        var press = teams.Activity("message");
        press["text"] = button.GetProperty("text").GetString();
        press["value"] = JsonNode.Parse(button.GetProperty("value").GetRawText());
        Assert.NotEmpty(await teams.SendAsync(press));
    }

    private static async Task<JsonElement> WebAsync(HttpClient web, JsonObject body)
    {
        body["conversationId"] = WebSession;
        body["locale"] = "fr-FR";
        using var response = await web.PostAsync("api/chat", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"web chat: HTTP {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private long _updateId = 500_000;

    private JsonObject From => new() { ["id"] = TelegramId, ["is_bot"] = false, ["first_name"] = "Ana", ["language_code"] = "fr" };

    private static JsonObject Chat => new() { ["id"] = TelegramId, ["type"] = "private", ["first_name"] = "Ana" };

    private JsonObject Message(string text)
    {
        var message = new JsonObject { ["message_id"] = (int)(_updateId % 100_000), ["date"] = 1_764_500_000, ["chat"] = Chat, ["from"] = From, ["text"] = text };
        if (text.StartsWith('/'))
        {
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length });
        }

        return new JsonObject { ["update_id"] = ++_updateId, ["message"] = message };
    }

    private JsonObject Press(string data) => new()
    {
        ["update_id"] = ++_updateId,
        ["callback_query"] = new JsonObject
        {
            ["id"] = "cb-" + _updateId,
            ["from"] = From,
            ["chat_instance"] = "-1234567",
            ["data"] = data,
            ["message"] = new JsonObject { ["message_id"] = 42, ["date"] = 1_764_500_000, ["chat"] = Chat, ["from"] = new JsonObject { ["id"] = 123, ["is_bot"] = true, ["first_name"] = "OptOutBot" }, ["text"] = "…" },
        },
    };

    /// <summary>Posts an update to the webhook and returns what the bot said to the person: the inline answer and any API calls it made.</summary>
    private async Task<string> TelegramAsync(DiscordTestBot discord, JsonObject update)
    {
        var before = _telegram.Calls.Count;
        using var http = discord.Bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "telegram/webhook") { Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"telegram webhook: HTTP {(int)response.StatusCode}");
        var inline = await response.Content.ReadAsStringAsync();
        await Task.Delay(300); // replies that do not travel inline go through the fake Bot API
        return inline + string.Concat(_telegram.Calls.Skip(before).Select(c => c.Body.ToJsonString()));
    }

    private static async Task WaitForAsync(string what, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "waited 30 s for " + what);
            await Task.Delay(100);
        }
    }
}
