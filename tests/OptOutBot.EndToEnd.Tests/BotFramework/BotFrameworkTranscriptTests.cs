using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Adapters.BotFramework;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing.Transcripts;
using Xunit.Abstractions;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>
/// Replays every transcript in tests/transcripts as a Web Chat and as a Teams conversation through /api/messages
/// (channel tokens, the fake Connector). Each turn is also run through the engine on a twin conversation: what
/// arrives on the wire must be exactly that reply rendered (same texts, same buttons), and what the person sees
/// must show the transcript's expected text and choices. Where the engine itself disagrees with the transcript
/// (topic, step, outcome, language, candidates: the engine's transcript tests own that), the replay stops with a note.
/// </summary>
public sealed class BotFrameworkTranscriptTests(BotFrameworkFixture fixture, ITestOutputHelper output) : IClassFixture<BotFrameworkFixture>
{
    public static TheoryData<string, string> Transcripts()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Transcript.All().Select(f => (string)f[0]))
        {
            data.Add(file, "webchat");
            data.Add(file, "msteams");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_ReplaysThroughTheChannel(string file, string channelId)
    {
        var transcript = Transcript.Load(file);
        var chat = new ChannelClient(fixture.Bot, fixture.Cloud, channelId, locale: transcript.Locale);
        var engine = fixture.Bot.Services.GetRequiredService<IConversationEngine>();
        var runner = new TranscriptRunner(transcript);
        var twinConversation = "twin-" + Guid.NewGuid().ToString("N");

        foreach (var turn in transcript.Turns)
        {
            var at = $"{transcript} as {channelId}, {turn}";
            var input = runner.ToInput(turn);
            var wire = turn.User is { } text ? await chat.SayAsync(text)
                : turn.Command is { } command ? await chat.SayAsync(command)
                : await chat.PressAsync(turn.Press!);

            // Like the channel's own turns, the twin has an address for news, so it is offered the same invitations to subscribe.
            var twin = await engine.HandleAsync(new InboundMessage("botframework", twinConversation, "twin-user", input, transcript.Locale)
            {
                ReplyAddress = new ChannelAddress("botframework", "twin-address"),
            });
            AssertWireMatches(twin.Reply, wire, channelId, at);
            try
            {
                TranscriptAssert.Matches(transcript, turn, twin);
            }
            catch (Xunit.Sdk.XunitException engineDiffers)
            {
                output.WriteLine($"{at}: the engine itself differs from the transcript; replay stopped (the wire matched the engine up to here).\n{engineDiffers.Message}");
                return;
            }

            TranscriptAssert.Seen(transcript, turn, Observe(wire));
            runner.Remember(twin.Reply);
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

    // What the person sees: the markdown as displayed (escapes and emphasis markers gone) and the button labels.
    private static TurnObservation Observe(List<ConnectorCall> wire) => new(
        string.Join("\n", wire.Select(w => w.Text.Replace("\\", string.Empty, StringComparison.Ordinal).Replace("**", string.Empty, StringComparison.Ordinal))),
        wire.SelectMany(w => w.Buttons).Where(b => b.GetProperty("type").GetString() == "messageBack").Select(b => b.GetProperty("title").GetString()!).ToList());
}
