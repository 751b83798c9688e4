using Microsoft.Extensions.Time.Testing;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Broadcasts.Cli;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Scheduling;
using OptOutBot.Broadcasts.Tests.Support;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Broadcasts.Tests.Cli;

public sealed class BroadcastCommandsTests : IAsyncLifetime
{
    private readonly DispatchHarness _harness = new(DispatchHarness.FastOptions());
    private readonly string _folder = Directory.CreateTempSubdirectory("optoutbot-cli-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 20, 8, 0, 0, TimeSpan.Zero));
    private BroadcastCommands _commands = null!;

    public async Task InitializeAsync()
    {
        var calendar = DeadlineCalendarLoader.Parse(
            """
            events:
              - id: meta-training
                platform: meta
                at: 2026-05-27T00:00
                time_zone: Europe/Paris
                title: { fr: Début de l'entraînement, en: Training starts }
                text: { fr: "Objectez **avant**.", en: "Object **before**." }
                links: [{ label: { fr: Formulaire, en: Form }, url: "https://www.facebook.com/help/contact/712876720715583" }]
                reminders: ["7d", "1d"]
            """,
            "deadlines.yaml",
            ["fr", "en"]).Calendar;
        _commands = new BroadcastCommands(_harness.Outbox, _harness.Subscriptions, new StaticCalendarSource(calendar), new ContentLocales(["fr", "en"]), _time, new DispatchSignal());
        await _harness.SubscribeAsync("telegram", "1", "fr");
        await _harness.SubscribeAsync("telegram", "2", "en", topic: "meta");
        await _harness.SubscribeAsync("discord", "3", "en", topic: "linkedin", scope: ConversationScope.Group);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Send_DryRun_ShowsRecipientsAndText_AndQueuesNothing()
    {
        var output = new StringWriter();
        var code = await _commands.SendAsync(File("note.yaml", "text: { fr: \"**Nouveau** guide\", en: \"**New** guide\" }\nlinks: [{ label: Guide, url: \"https://example.org\" }]\n"), "meta", dryRun: true, output);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("subscribers of 'meta': 2 recipients", text);
        Assert.Contains("Nouveau guide", text);
        Assert.Contains("[Guide] https://example.org", text);
        Assert.Contains("Dry run: nothing queued.", text);
        Assert.Empty(await _harness.Outbox.ListStatsAsync(10));
    }

    [Fact]
    public async Task Send_SameFileTwice_QueuesOneBroadcast()
    {
        var file = File("note.md", "Les **nouvelles** règles s'appliquent demain.");
        var first = new StringWriter();
        var second = new StringWriter();

        Assert.Equal(0, await _commands.SendAsync(file, null, dryRun: false, first));
        Assert.Equal(0, await _commands.SendAsync(file, null, dryRun: false, second));

        Assert.Contains("for 3 recipients", first.ToString());
        Assert.Contains("already queued as broadcast #1", second.ToString());
        var stats = Assert.Single(await _harness.Outbox.ListStatsAsync(10));
        Assert.Equal(3, stats.Total);
        Assert.Equal(BroadcastKind.Announcement, stats.Kind);
    }

    [Fact]
    public async Task Send_MissingOrBadFile_ExplainsAndFails()
    {
        var output = new StringWriter();
        Assert.Equal(2, await _commands.SendAsync(Path.Combine(_folder, "nope.md"), null, false, output));
        Assert.Equal(2, await _commands.SendAsync(File("bad.yaml", "text: { en: only english }"), null, false, output));
        Assert.Contains("message file not found", output.ToString());
        Assert.Contains("needs at least the default language 'fr'", output.ToString());
    }

    [Fact]
    public async Task Preview_ShowsEachReminderInLocalAndUtcTime_AndTheTextInTheLanguage()
    {
        var output = new StringWriter();
        Assert.Equal(0, await _commands.PreviewAsync("meta-training", "en", output));

        var text = output.ToString();
        Assert.Contains("2026-05-27 00:00 Europe/Paris = 2026-05-26 22:00 UTC", text);
        Assert.Contains("7d    due 2026-05-20 00:00 local, 2026-05-19 22:00 UTC", text);
        Assert.Contains("1d    due 2026-05-26 00:00 local, 2026-05-25 22:00 UTC", text);
        Assert.Contains("Training starts", text);
        Assert.Contains("[Form] https://www.facebook.com/help/contact/712876720715583", text);
        Assert.Equal(2, await _commands.PreviewAsync("nope", "en", new StringWriter()));
        Assert.Equal(2, await _commands.PreviewAsync("meta-training", "de", new StringWriter()));
    }

    [Fact]
    public async Task Status_ShowsCountsAndAProgressBarPerBroadcast()
    {
        await _commands.SendAsync(File("note.md", "Bonjour"), null, dryRun: false, TextWriter.Null);
        var items = await _harness.Outbox.ClaimAsync("me", "telegram", 10, DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(2));
        await _harness.Outbox.CompleteAsync("me", [new OutboxOutcome(items[0].Id, items[0].Address, OutcomeKind.Sent)], DateTimeOffset.UtcNow);

        var output = new StringWriter();
        Assert.Equal(0, await _commands.StatusAsync(output));

        var text = output.ToString();
        Assert.Contains("announce:", text);
        Assert.Contains("███████░░░░░░░░░░░░░ 33", text);
        // Then one line per channel, whose numbers add up to the broadcast's: telegram 1 of 2 sent, discord 0 of 1.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^\s+telegram\s+██████████░░░░░░░░░░ 50 %\s+1\s+1\s+0\s+0\s+0\s*$"), "no telegram line in:\n" + text);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^\s+discord\s+░{20} 0 %\s+1\s+0\s+0\s+0\s+0\s*$"), "no discord line in:\n" + text);
    }
}
