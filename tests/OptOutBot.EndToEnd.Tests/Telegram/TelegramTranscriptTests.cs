using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.EndToEnd.Tests.Infrastructure;
using OptOutBot.Broadcasts;
using OptOutBot.Engine;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using OptOutBot.Storage;
using OptOutBot.Testing.Tools;
using OptOutBot.Testing.Transcripts;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// Replays every transcript in tests/transcripts as a Telegram user of the emulator, against the real host in long-polling
/// mode (engine, content, SQLite): text, commands and button presses go through Telegram's wire format. Each turn is
/// checked on what reached the user (the transcript's <c>says</c> and <c>choices</c>) and compared with what the engine says
/// for the same turn when called directly. Engine-level expectations (topic, step, outcome) belong to the engine's tests.
/// </summary>
[Collection(TelegramEmulatorCollection.Name)]
public sealed class TelegramTranscriptTests(TelegramEmulatorFixture fixture)
{
    private static int _nextUser = 20_000;

    public static IEnumerable<object[]> Transcripts() => Transcript.All();

    [RequiresTheory(TestTool.TelegramEmulator)]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_ReplayedThroughTelegram(string file)
    {
        var transcript = Transcript.Load(file);
        await using var bot = await RunningBot.StartAsync(fixture.PollingSettings());
        var userId = Interlocked.Increment(ref _nextUser);
        var user = new TelegramUser(fixture.Emulator, userId, transcript.Locale);
        await using var direct = DirectEngine.Create();
        var reference = new TranscriptRunner(transcript);

        foreach (var turn in transcript.Turns)
        {
            var where = $"{transcript}, {turn}";
            var input = reference.ToInput(turn);
            var reply = input switch
            {
                TextInput text => await user.SayAsync(text.Text),
                CommandInput => await user.CommandAsync(turn.Command!),
                _ => await user.PressAsync(turn.Press!),
            };

            var expected = await direct.Engine.HandleAsync(new InboundMessage("telegram", userId.ToString(CultureInfo.InvariantCulture), userId.ToString(CultureInfo.InvariantCulture), input, transcript.Locale));
            reference.Remember(expected.Reply);

            // What reached the user over Telegram is what the engine said: every message, every choice.
            var seen = new TurnObservation(string.Join("\n", reply.Select(m => Plain(m.Text))), reply.SelectMany(m => m.Buttons).Where(b => b.Data is not null).Select(b => b.Label).ToList());
            TranscriptAssert.Seen(transcript, turn, seen);
            foreach (var message in expected.Reply.Messages)
            {
                foreach (var choice in message.Choices)
                {
                    Assert.True(seen.ChoiceLabels.Contains(choice.Label), $"{where}: the engine offered '{choice.Label}', Telegram showed [{string.Join(" | ", seen.ChoiceLabels)}]");
                }

                var line = FirstLine(message.Text);
                Assert.True(TranscriptAssert.Fold(seen.Text).Contains(TranscriptAssert.Fold(line), StringComparison.Ordinal), $"{where}: the engine's \"{line}\" did not reach the user, who saw:\n{seen.Text}");
            }
        }
    }

    // The first non-empty line of the engine's markup as plain text, without link targets: enough to recognise a message.
    private static string FirstLine(string markup) =>
        Markup.Parse(markup).Where(l => l.Kind != LineKind.Blank).Select(l => string.Concat(l.Spans.Select(s => s.Text))).FirstOrDefault()?.Trim() ?? "";

    private static string Plain(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", ""));
}

/// <summary>The same engine, content and storage (its own temp SQLite file) without any adapter: the reference a Telegram turn is compared with.</summary>
internal sealed class DirectEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private DirectEngine(ServiceProvider services) => _services = services;

    public IConversationEngine Engine => _services.GetRequiredService<IConversationEngine>();

    public static DirectEngine Create()
    {
        var root = OptOutBot.Testing.RepositoryPaths.Root;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), "optoutbot-direct-" + Guid.NewGuid().ToString("n") + ".db"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptOutBotStorage(configuration, root);
        services.AddOptOutBotEngine(configuration, root);
        services.AddDeadlineCalendar(configuration, root); // the deadline answer lists the calendar, as in the host
        return new DirectEngine(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
