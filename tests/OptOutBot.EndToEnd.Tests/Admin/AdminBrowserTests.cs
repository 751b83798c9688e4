using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;
using OptOutBot.EndToEnd.Tests.Infrastructure;
using OptOutBot.EndToEnd.Tests.Telegram;
using OptOutBot.EndToEnd.Tests.Web;
using OptOutBot.Testing.Tools;
using Xunit.Abstractions;

namespace OptOutBot.EndToEnd.Tests.Admin;

/// <summary>
/// An operator in Chromium follows a 2,000-recipient announcement from 0 to 100 % on the console's progress bar; the
/// real host sends it through its Telegram sender to a fake Bot API on loopback (admin-check.mjs).
/// </summary>
public sealed class AdminBrowserTests(ITestOutputHelper output)
{
    private const int Recipients = 2000;

    [RequiresFact(TestTool.Chromium)]
    public async Task Operator_FollowsA2000RecipientBroadcast_From0To100Percent()
    {
        await using var api = await FakeBotApiServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Token"] = AdminClient.Token,
            ["Telegram:BotToken"] = "123:TEST",
            ["Telegram:ApiBaseUrl"] = api.BaseAddress.ToString(),
            ["Telegram:Mode"] = "webhook",
            ["Telegram:WebhookSecret"] = "s3cret",
            ["Telegram:ConfigureWebhookOnStart"] = "false",
            // Fast enough for a test, slow enough (~5 s) for the bar to be followed.
            ["Broadcasts:Limits:telegram:PerSecond"] = "400",
            ["Broadcasts:Limits:telegram:PerAddressPerSecond"] = "0",
            ["Broadcasts:Dispatch:PollInterval"] = "00:00:00.2",
        });
        var store = bot.Services.GetRequiredService<ISubscriptionStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Recipients; i++)
        {
            var chat = (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await store.AddAsync(new Subscription(new UserRef("telegram", chat), new ChannelAddress("telegram", chat), ConversationScope.Private, i % 3 == 0 ? "en" : "fr", null, now));
        }

        var (exitCode, log) = await PageCheck.RunAsync("admin-check.mjs", bot.BaseAddress.ToString().TrimEnd('/'), AdminClient.Token, Recipients.ToString(System.Globalization.CultureInfo.InvariantCulture), PageCheck.ScreenshotFolder);
        output.WriteLine(log);
        Assert.True(exitCode == 0, "admin-check.mjs failed:\n" + log);
        Assert.Contains("admin check passed", log, StringComparison.Ordinal);
        Assert.Equal(Recipients, api.CallsTo("sendMessage").Select(c => (string?)c.Body["chat_id"]?.ToString()).Distinct().Count());
    }

    [RequiresFact(TestTool.Chromium)]
    public async Task Operator_TeachesAQuestionWithTheKeyboard_OnALabelledPageThatFitsAPhone()
    {
        using var folder = new OptOutBot.Testing.TempFolder();
        var dialogs = Path.Combine(folder.Path, "dialogs");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(OptOutBot.Testing.RepositoryPaths.Root, "dialogs"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dialogs, Path.GetRelativePath(Path.Combine(OptOutBot.Testing.RepositoryPaths.Root, "dialogs"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Token"] = AdminClient.Token,
            ["Content:Path"] = dialogs,
            ["Conversation:LogUnansweredQuestions"] = "true",
            ["Broadcasts:Enabled"] = "false",
        });
        const string question = "does the zorblat thing apply to whatsapp groups";
        using (var chat = bot.CreateClient())
        {
            using var asked = await chat.PostAsJsonAsync("api/chat", new { conversationId = "admin-browser-q", locale = "en-GB", text = question });
            asked.EnsureSuccessStatusCode();
        }

        var (exitCode, log) = await PageCheck.RunAsync("admin-questions-check.mjs", bot.BaseAddress.ToString().TrimEnd('/'), AdminClient.Token, question, "whatsapp", PageCheck.ScreenshotFolder);
        output.WriteLine(log);
        Assert.True(exitCode == 0, "admin-questions-check.mjs failed:\n" + log);
        Assert.Contains("admin questions check passed", log, StringComparison.Ordinal);
        Assert.Contains("\n  - \"" + question + "\"\n", await File.ReadAllTextAsync(Path.Combine(dialogs, "en", "topics", "whatsapp.yaml")), StringComparison.Ordinal);
    }
}
