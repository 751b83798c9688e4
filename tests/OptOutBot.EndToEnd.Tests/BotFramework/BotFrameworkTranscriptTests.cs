using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Adapters.BotFramework;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>
/// Replays every transcript in tests/transcripts as a Web Chat and as a Teams conversation through /api/messages
/// (channel tokens, the fake Connector). Each turn is also run through the engine on a twin conversation: what
/// arrives on the wire must be that reply rendered (same texts, same buttons), and the expectations visible on the
/// wire (offered choices, words said) must hold. Where the engine itself disagrees with the transcript (topic, step,
/// outcome, language, candidates: the engine's transcript tests report that), the replay stops there with a note.
/// </summary>
public sealed class BotFrameworkTranscriptTests(BotFrameworkFixture fixture, ITestOutputHelper output) : IClassFixture<BotFrameworkFixture>
{
    public static TheoryData<string, string> Transcripts()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(TranscriptFolder(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file), "webchat");
            data.Add(Path.GetFileName(file), "msteams");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_ReplaysThroughTheChannel(string file, string channelId)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(await File.ReadAllTextAsync(Path.Combine(TranscriptFolder(), file))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var locale = Scalar(root, "locale");
        var chat = new ChannelClient(fixture.Bot, fixture.Cloud, channelId, locale: locale);
        var engine = fixture.Bot.Services.GetRequiredService<IConversationEngine>();
        var twinConversation = "twin-" + Guid.NewGuid().ToString("N");
        TurnResult? previous = null;
        var number = 0;

        foreach (var turn in ((YamlSequenceNode)root.Children[new YamlScalarNode("turns")]).Cast<YamlMappingNode>())
        {
            number++;
            var at = $"{file} as {channelId}, turn {number}";
            MessageInput input;
            List<ConnectorCall> wire;
            if (Scalar(turn, "user") is { } text)
            {
                input = new TextInput(text);
                wire = await chat.SayAsync(text);
            }
            else if (Scalar(turn, "press") is { } label)
            {
                var choice = previous?.Reply.Messages.SelectMany(m => m.Choices).FirstOrDefault(c => c.Label == label);
                Assert.True(choice is not null, $"{at}: no choice '{label}' in the previous reply");
                input = new ActionInput(choice.ActionId);
                wire = await chat.PressAsync(label);
            }
            else
            {
                var command = Scalar(turn, "command")!;
                var parts = command.TrimStart('/').Split(' ', 2);
                input = new CommandInput(parts[0], parts.Length > 1 ? parts[1] : null);
                wire = await chat.SayAsync(command);
            }

            var twin = await engine.HandleAsync(new InboundMessage("botframework", twinConversation, "twin-user", input, locale));
            AssertWireMatches(twin.Reply, wire, channelId, at);
            if (EngineDisagreement(turn, twin) is { } disagreement)
            {
                output.WriteLine($"{at}: the engine itself differs from the transcript ({disagreement}); replay stopped, the wire matched the engine up to here.");
                return;
            }

            AssertWireExpectations(turn, wire, at);
            previous = twin;
        }
    }

    private static void AssertWireMatches(Reply expected, List<ConnectorCall> wire, string channelId, string at)
    {
        var rendered = BotFrameworkRenderer.Render(expected, new RenderTarget(channelId, null, null), 4000);
        Assert.True(rendered.Count == wire.Count, $"{at}: {wire.Count} activities on the wire, the engine's reply renders to {rendered.Count}");
        for (var i = 0; i < rendered.Count; i++)
        {
            Assert.Equal(rendered[i].Text ?? string.Empty, wire[i].Text);
        }

        var labels = expected.Messages.SelectMany(m => m.Choices.Select(c => c.Label).Concat(m.Links.Select(l => l.Label))).Order(StringComparer.Ordinal);
        var buttons = wire.SelectMany(w => w.Buttons).Select(b => b.GetProperty("title").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(labels, buttons);
    }

    private static string? EngineDisagreement(YamlMappingNode turn, TurnResult twin)
    {
        if (turn.Children.ContainsKey(new YamlScalarNode("topic")))
        {
            var topic = Scalar(turn, "topic");
            if ((topic is null or "null" or "~" ? null : topic) != twin.TopicId)
            {
                return $"topic {twin.TopicId ?? "null"}, expected {topic}";
            }
        }

        if (Scalar(turn, "step") is { } step && step != twin.FlowStep)
        {
            return $"step {twin.FlowStep}, expected {step}";
        }

        if (Scalar(turn, "outcome") is { } outcome && !string.Equals(outcome, twin.Outcome.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            return $"outcome {twin.Outcome}, expected {outcome}";
        }

        if (Scalar(turn, "lang") is { } lang && lang != twin.Locale)
        {
            return $"language {twin.Locale}, expected {lang}";
        }

        return Sequence(turn, "candidates").FirstOrDefault(c => !twin.Candidates.Contains(c)) is { } missing ? $"candidate {missing} not offered" : null;
    }

    private static void AssertWireExpectations(YamlMappingNode turn, List<ConnectorCall> wire, string at)
    {
        var offered = wire.SelectMany(w => w.Buttons).Select(b => b.GetProperty("title").GetString()).ToHashSet();
        foreach (var choice in Sequence(turn, "choices"))
        {
            Assert.True(offered.Contains(choice), $"{at}: no button '{choice}' on the wire (got {string.Join(", ", offered)})");
        }

        if (Scalar(turn, "says") is { } says)
        {
            var text = Fold(string.Join("\n", wire.Select(w => w.Text)).Replace("\\", string.Empty, StringComparison.Ordinal));
            Assert.True(text.Contains(Fold(says), StringComparison.Ordinal), $"{at}: the reply does not say '{says}'");
        }
    }

    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c switch { '’' or '‘' => '\'', '\u00a0' or '\u202f' => ' ', _ => char.ToLowerInvariant(c) });
            }
        }

        return sb.ToString().Replace("**", string.Empty, StringComparison.Ordinal);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value!)
            : [];

    private static string TranscriptFolder([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "transcripts"));
}
