using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Broadcasts.Cli;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Admin;

/// <summary>
/// "The same numbers everywhere": an announcement queued from the console to subscribers on two channels shows the same
/// per-broadcast and per-channel counts on the console page, its JSON, <c>/metrics/broadcasts</c> and <c>broadcast status</c>.
/// Dispatch is off, so the counts hold still while they are compared.
/// </summary>
public sealed class AdminBroadcastNumbersTests
{
    [Fact]
    public async Task ConsoleJsonMetricsAndStatusVerb_ShowTheSamePerChannelCounts_AndSubscribersPerChannelAndTopic()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Admin:Token"] = AdminClient.Token, ["Broadcasts:Enabled"] = "false" });
        var store = bot.Services.GetRequiredService<ISubscriptionStore>();
        var now = DateTimeOffset.UtcNow;
        async Task SubscribeAsync(string channel, string id, string? topic) =>
            await store.AddAsync(new Subscription(new UserRef(channel, id), new ChannelAddress(channel, id), ConversationScope.Private, "en", topic, now));
        await SubscribeAsync("telegram", "1001", null);
        await SubscribeAsync("telegram", "1002", null);
        await SubscribeAsync("telegram", "1003", "meta");
        await SubscribeAsync("discord", "2001", null);
        await SubscribeAsync("discord", "2002", "linkedin");

        using var admin = new AdminClient(bot);
        (await admin.SignInAsync()).Dispose();
        var csrf = await admin.CsrfAsync("/admin/broadcasts");
        (await admin.PostAsync("/admin/broadcasts/send", new Dictionary<string, string> { ["csrf"] = csrf, ["topic"] = "meta", ["text-fr"] = "Annonce", ["text-en"] = "Announcement" })).Dispose();

        // The console page: the broadcast row, one row per channel, and the subscriber tables.
        using var pageResponse = await admin.GetAsync("/admin/broadcasts");
        var page = await pageResponse.Content.ReadAsStringAsync();
        Assert.Equal(4, Queued(page, null)); // every telegram address (3: two for everything, one for meta) + discord's one for everything
        Assert.Equal(3, Queued(page, "telegram"));
        Assert.Equal(1, Queued(page, "discord"));
        Assert.Equal(2, Subscriptions(page, "telegram", ""));
        Assert.Equal(1, Subscriptions(page, "telegram", "meta"));
        Assert.Equal(1, Subscriptions(page, "discord", "linkedin"));
        Assert.Equal(1, Subscriptions(page, "discord", ""));

        // Its JSON, polled by the progress bars.
        using var json = await admin.GetAsync("/admin/broadcasts.json");
        var broadcast = (await json.Content.ReadFromJsonAsync<JsonObject>())!["broadcasts"]![0]!;
        Assert.Equal(4, (int)broadcast["queued"]!);
        var channels = broadcast["channels"]!.AsArray().ToDictionary(c => (string)c!["channel"]!, c => (int)c!["queued"]!);
        Assert.Equal(new Dictionary<string, int> { ["discord"] = 1, ["telegram"] = 3 }, channels);

        // The metrics endpoint.
        using var http = bot.CreateClient();
        var metrics = await http.GetStringAsync("metrics/broadcasts");
        var id = (long)broadcast["id"]!;
        Assert.Contains($"optoutbot_broadcast_messages{{broadcast=\"{id}\",kind=\"announcement\",state=\"queued\"}} 4\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"optoutbot_broadcast_channel_messages{{broadcast=\"{id}\",channel=\"telegram\",state=\"queued\"}} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"optoutbot_broadcast_channel_messages{{broadcast=\"{id}\",channel=\"discord\",state=\"queued\"}} 1\n", metrics, StringComparison.Ordinal);

        // And `optoutbot broadcast status`.
        var status = new StringWriter();
        Assert.Equal(0, await bot.Services.GetRequiredService<BroadcastCommands>().StatusAsync(status));
        var lines = status.ToString().Split('\n');
        Assert.Matches(@"\s4\s+0\s+0\s+0\s+0\s*$", lines.Single(l => l.Contains("announce:", StringComparison.Ordinal)));
        Assert.Matches(@"\s3\s+0\s+0\s+0\s+0\s*$", lines.Single(l => Regex.IsMatch(l, @"^\s+telegram\s")));
        Assert.Matches(@"\s1\s+0\s+0\s+0\s+0\s*$", lines.Single(l => Regex.IsMatch(l, @"^\s+discord\s")));
    }

    private static int Queued(string page, string? channel)
    {
        var row = channel is null ? "<tr data-id=\"\\d+\">" : $"<tr data-id=\"\\d+\" data-channel=\"{channel}\" class=\"channel\">";
        var m = Regex.Match(page, row + ".*?<td data-field=\"queued\">(\\d+)</td>", RegexOptions.Singleline);
        Assert.True(m.Success, "no progress row for " + (channel ?? "the broadcast"));
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Subscriptions(string page, string channel, string topic)
    {
        var m = Regex.Match(page, $"<tr data-channel=\"{channel}\" data-topic=\"{topic}\">.*?data-metric=\"subscriptions\">(\\d+)<");
        Assert.True(m.Success, $"no subscriptions row for {channel}/{topic}");
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
