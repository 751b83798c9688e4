using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.EndToEnd.Tests.Infrastructure;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing.Transcripts;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>
/// Replays every transcript in tests/transcripts through the web endpoint of the real host, as the page sends it
/// (text, a choice's action id, or a command). Each turn is also run through the host's engine on a twin
/// conversation: the JSON must carry exactly the engine's answer (topic, outcome, language, text, buttons), and the
/// transcript's expectations are checked on it. Where the engine itself disagrees with a transcript (a matching
/// question, not a web one), the replay stops there with a note, as the other adapters' replays do.
/// </summary>
public sealed class WebTranscriptTests(WebTranscriptTests.BotFixture fixture, ITestOutputHelper output) : IClassFixture<WebTranscriptTests.BotFixture>
{
    public static IEnumerable<object[]> Transcripts() => Transcript.All();

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_ReplaysThroughTheWebEndpoint(string file)
    {
        var transcript = Transcript.Load(file);
        var runner = new TranscriptRunner(transcript);
        var engine = fixture.Bot.Services.GetRequiredService<IConversationEngine>();
        var conversationId = "transcript-" + Guid.NewGuid().ToString("N");
        var twinId = "twin-" + Guid.NewGuid().ToString("N");
        foreach (var turn in transcript.Turns)
        {
            var where = $"{transcript}, {turn}";
            var input = runner.ToInput(turn);
            var body = new Dictionary<string, string?> { ["conversationId"] = conversationId, ["locale"] = transcript.Locale };
            switch (input)
            {
                case TextInput text:
                    body["text"] = text.Text;
                    break;
                case ActionInput action:
                    body["action"] = action.ActionId;
                    break;
                case CommandInput command:
                    body["command"] = command.Name;
                    body["argument"] = command.Argument;
                    break;
            }

            using var response = await fixture.Client.PostAsJsonAsync("api/chat", body);
            var json = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{where}: HTTP {(int)response.StatusCode} {json}");
            using var doc = JsonDocument.Parse(json);
            var twin = await engine.HandleAsync(new InboundMessage("web", twinId, twinId, input, transcript.Locale));
            AssertWireMatches(twin, doc.RootElement, where);

            try
            {
                TranscriptAssert.Matches(transcript, turn, twin);
            }
            catch (XunitException disagreement)
            {
                output.WriteLine($"{where}: the engine itself differs from the transcript; replay stopped, the web endpoint matched the engine up to here.\n{disagreement.Message}");
                return;
            }

            runner.Remember(twin.Reply);
        }
    }

    private static void AssertWireMatches(TurnResult expected, JsonElement reply, string where)
    {
        var topic = reply.GetProperty("topic").ValueKind == JsonValueKind.Null ? null : reply.GetProperty("topic").GetString();
        var expectedTopic = expected.Outcome is TurnOutcome.Clarify or TurnOutcome.Fallback ? null : expected.TopicId;
        Assert.True(expectedTopic == topic, $"{where}: topic '{topic}' on the wire, the engine says '{expectedTopic}'");
        Assert.True(string.Equals(expected.Outcome.ToString(), reply.GetProperty("outcome").GetString(), StringComparison.OrdinalIgnoreCase), $"{where}: outcome {reply.GetProperty("outcome").GetString()} on the wire, the engine says {expected.Outcome}");
        Assert.Equal(expected.Locale, reply.GetProperty("locale").GetString());
        Assert.Equal(expected.FlowStep, reply.TryGetProperty("flowStep", out var step) ? step.GetString() : null);
        Assert.Equal(expected.Candidates, reply.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()!).ToList());

        var messages = reply.GetProperty("messages").EnumerateArray().ToList();
        Assert.True(expected.Reply.Messages.Count == messages.Count, $"{where}: {messages.Count} messages on the wire, the engine sent {expected.Reply.Messages.Count}");
        for (var i = 0; i < messages.Count; i++)
        {
            var message = expected.Reply.Messages[i];
            Assert.Equal(Markup.ToPlainText(message.Text), messages[i].GetProperty("text").GetString());
            Assert.Equal(
                message.Choices.Select(c => (c.Label, c.ActionId)).ToList(),
                messages[i].GetProperty("choices").EnumerateArray().Select(c => (c.GetProperty("label").GetString()!, c.GetProperty("action").GetString()!)).ToList());
            Assert.Equal(message.Links.Select(l => l.Url).ToList(), messages[i].GetProperty("links").EnumerateArray().Select(l => l.GetProperty("url").GetString()!).ToList());
            Assert.Equal(message.Sources.Count, messages[i].GetProperty("sources").GetArrayLength());
        }
    }

    /// <summary>One real host for all transcripts (each uses its own conversation id).</summary>
    public sealed class BotFixture : IAsyncLifetime
    {
        private RunningBot? bot;

        public RunningBot Bot => bot!;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Web:RateLimitPerMinute"] = "0" });
            Client = bot.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (bot is not null)
            {
                await bot.DisposeAsync();
            }
        }
    }
}
