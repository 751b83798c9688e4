using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine;
using OptOutBot.Engine.Conversations;
using OptOutBot.Storage;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// Replays every transcript in tests/transcripts as a Telegram user of the emulator, against the real engine, content and
/// SQLite storage in long-polling mode: text, commands and button presses go through Telegram's wire format, and each
/// turn's expectations are checked on what reached the user (text, buttons) and on what the engine decided.
/// </summary>
[Collection(TelegramEmulatorCollection.Name)]
public sealed partial class TelegramTranscriptTests(TelegramEmulatorFixture fixture)
{
    private static int _nextUser = 20_000;

    public static TheoryData<string> Transcripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TelegramEmulator.FindRepositoryRoot(), "tests", "transcripts"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_ReplayedThroughTelegram(string file)
    {
        var transcript = TranscriptFile.Load(Path.Combine(TelegramEmulator.FindRepositoryRoot(), "tests", "transcripts", file));
        var recorder = new TurnRecorder();
        await using var host = await TelegramTestHost.StartWithRealEngineAsync(fixture.PollingSettings(), recorder);
        var userId = Interlocked.Increment(ref _nextUser);
        var user = new TelegramUser(fixture.Emulator, userId, transcript.Locale, recorder: recorder);
        await using var direct = DirectEngine.Create();
        TurnResult? previousDirect = null;

        var index = 0;
        foreach (var turn in transcript.Turns)
        {
            index++;
            var where = $"{file} turn {index} ({turn.Kind} '{turn.Value}')";
            var before = recorder.Count;
            var reply = turn.Kind switch
            {
                "user" => await user.SayAsync(turn.Value),
                "command" => await user.CommandAsync(turn.Value),
                "press" => await user.PressAsync(turn.Value),
                _ => throw new InvalidOperationException(where + ": unknown turn kind"),
            };

            Assert.True(recorder.Count > before, where + ": the engine was not called");
            var (inbound, result) = recorder.Last;

            // The adapter's contract: Telegram delivers the same turn the engine gets when called directly.
            MessageInput directInput = turn.Kind switch
            {
                "user" => new TextInput(turn.Value),
                "command" => ParseCommand(turn.Value),
                _ => new ActionInput(previousDirect!.Reply.Messages.SelectMany(m => m.Choices).First(c => c.Label == turn.Value).ActionId),
            };
            Assert.Equal(directInput, inbound.Input);
            var expected = await direct.Engine.HandleAsync(new InboundMessage("telegram", userId.ToString(CultureInfo.InvariantCulture), userId.ToString(CultureInfo.InvariantCulture), directInput, transcript.Locale));
            previousDirect = expected;
            Assert.True(
                (expected.TopicId, expected.FlowStep, expected.Outcome, expected.Locale) == (result.TopicId, result.FlowStep, result.Outcome, result.Locale),
                $"{where}: over Telegram {(result.TopicId, result.FlowStep, result.Outcome, result.Locale)}, direct {(expected.TopicId, expected.FlowStep, expected.Outcome, expected.Locale)}");
            var engineMeetsIt = Meets(turn, expected);
            var shown = string.Join("\n", reply.Select(m => Plain(m.Text)));
            var labels = reply.SelectMany(m => m.Buttons).Select(b => b.Label).ToList();

            if (engineMeetsIt && turn.Expect.TryGetValue("says", out var says))
            {
                Assert.True(Fold(shown).Contains(Fold(says), StringComparison.Ordinal), $"{where}: expected the reply to say '{says}', got: {shown}");
            }

            if (engineMeetsIt && turn.ExpectList.TryGetValue("choices", out var choices))
            {
                foreach (var choice in choices)
                {
                    Assert.True(labels.Contains(choice), $"{where}: expected a button '{choice}', got: {string.Join(" | ", labels)}");
                }
            }

            if (engineMeetsIt && turn.Expect.TryGetValue("topic", out var topic))
            {
                Assert.True((topic is "null" or "~" or "" ? null : topic) == result.TopicId, $"{where}: topic {result.TopicId ?? "null"}, expected {topic}");
            }

            if (engineMeetsIt && turn.Expect.TryGetValue("step", out var step))
            {
                Assert.True(step == result.FlowStep, $"{where}: step {result.FlowStep}, expected {step}");
            }

            if (engineMeetsIt && turn.Expect.TryGetValue("outcome", out var outcome))
            {
                Assert.True(outcome.Equals(result.Outcome.ToString(), StringComparison.OrdinalIgnoreCase), $"{where}: outcome {result.Outcome}, expected {outcome}");
            }

            if (engineMeetsIt && turn.Expect.TryGetValue("lang", out var lang))
            {
                Assert.True(lang == result.Locale, $"{where}: language {result.Locale}, expected {lang}");
            }

            if (engineMeetsIt && turn.ExpectList.TryGetValue("candidates", out var candidates))
            {
                Assert.True(candidates.All(result.Candidates.Contains), $"{where}: candidates {string.Join(",", result.Candidates)}, expected {string.Join(",", candidates)}");
            }

            // What the user saw is what the engine said: every choice the engine offered is a button, every message arrived.
            foreach (var message in result.Reply.Messages)
            {
                Assert.All(message.Choices, c => Assert.Contains(c.Label, labels));
                var firstLine = Markup(message.Text);
                Assert.True(Fold(shown).Contains(Fold(firstLine), StringComparison.Ordinal), $"{where}: the engine's '{firstLine}' did not reach the user: {shown}");
            }
        }
    }

    // Transcript expectations the engine itself misses belong to the engine's and content's tests, not to the adapter's.
    private static bool Meets(TranscriptTurn turn, TurnResult result)
    {
        string? Get(string key) => turn.Expect.TryGetValue(key, out var v) ? v : null;
        var topic = Get("topic");
        var plain = Fold(string.Join("\n", result.Reply.Messages.Select(m => Engine.Replies.Markup.ToPlainText(m.Text))));
        var labels = result.Reply.Messages.SelectMany(m => m.Choices).Select(c => c.Label).ToList();
        return (topic is null || (topic is "null" or "~" or "" ? null : topic) == result.TopicId)
            && (Get("step") is not { } step || step == result.FlowStep)
            && (Get("outcome") is not { } outcome || outcome.Equals(result.Outcome.ToString(), StringComparison.OrdinalIgnoreCase))
            && (Get("lang") is not { } lang || lang == result.Locale)
            && (Get("says") is not { } says || plain.Contains(Fold(says), StringComparison.Ordinal))
            && (!turn.ExpectList.TryGetValue("choices", out var choices) || choices.All(labels.Contains))
            && (!turn.ExpectList.TryGetValue("candidates", out var candidates) || candidates.All(result.Candidates.Contains));
    }

    private static CommandInput ParseCommand(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var name = (space < 0 ? text[1..] : text[1..space]).ToLowerInvariant();
        var argument = space < 0 ? null : text[(space + 1)..].Trim();
        return new CommandInput(name, string.IsNullOrEmpty(argument) ? null : argument);
    }

    // The first non-empty line of the engine's markup, as plain text: enough to recognise the message on the wire.
    private static string Markup(string markup) =>
        Engine.Replies.Markup.ToPlainText(markup).Split('\n').Select(l => Regex.Replace(l, @" \(https?://[^)]*\)", "")).FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";

    private static string Plain(string html) => WebUtility.HtmlDecode(Tags().Replace(html, ""));

    private static string Fold(string text)
    {
        var decomposed = text.Replace('’', '\'').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}

/// <summary>The same engine, content and storage (its own temp SQLite file) without any adapter: the reference a Telegram turn is compared with.</summary>
internal sealed class DirectEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private DirectEngine(ServiceProvider services) => _services = services;

    public IConversationEngine Engine => _services.GetRequiredService<IConversationEngine>();

    public static DirectEngine Create()
    {
        var root = TelegramEmulator.FindRepositoryRoot();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), "optoutbot-direct-" + Guid.NewGuid().ToString("n") + ".db"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptOutBotStorage(configuration, root);
        services.AddOptOutBotEngine(configuration, root);
        return new DirectEngine(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>A transcript file (format in tests/transcripts/README.md), read with YamlDotNet's node model.</summary>
internal sealed record TranscriptFile(string Name, string? Locale, IReadOnlyList<TranscriptTurn> Turns)
{
    public static TranscriptFile Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var turns = new List<TranscriptTurn>();
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode("turns")]).Children.Cast<YamlMappingNode>())
        {
            string? kind = null, value = null;
            var expect = new Dictionary<string, string>();
            var lists = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var (key, child) in node.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                if (name is "user" or "press" or "command")
                {
                    (kind, value) = (name, ((YamlScalarNode)child).Value ?? "");
                }
                else if (child is YamlSequenceNode sequence)
                {
                    lists[name] = sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();
                }
                else if (child is YamlScalarNode scalar)
                {
                    expect[name] = scalar.Value ?? "null";
                }
            }

            turns.Add(new TranscriptTurn(kind ?? throw new InvalidDataException(path + ": a turn without user/press/command"), value!, expect, lists));
        }

        return new TranscriptFile(
            root.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? ((YamlScalarNode)n).Value ?? "" : Path.GetFileName(path),
            root.Children.TryGetValue(new YamlScalarNode("locale"), out var l) ? ((YamlScalarNode)l).Value : null,
            turns);
    }
}

internal sealed record TranscriptTurn(string Kind, string Value, IReadOnlyDictionary<string, string> Expect, IReadOnlyDictionary<string, IReadOnlyList<string>> ExpectList);
