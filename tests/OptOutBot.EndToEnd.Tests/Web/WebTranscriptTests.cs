using System.Net.Http.Json;
using System.Text.Json;
using OptOutBot.EndToEnd.Tests.Infrastructure;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing.Transcripts;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>
/// Replays every transcript in tests/transcripts through the web endpoint of the real host, as the page sends it
/// (text, a choice's action id, or a command), and checks what arrives in the JSON: topic, step, outcome,
/// candidates, language, the text shown and the button labels.
/// </summary>
public sealed class WebTranscriptTests(WebTranscriptTests.BotFixture fixture) : IClassFixture<WebTranscriptTests.BotFixture>
{
    public static IEnumerable<object[]> Transcripts() => Transcript.All();

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_ReplaysThroughTheWebEndpoint(string file)
    {
        var transcript = Transcript.Load(file);
        var runner = new TranscriptRunner(transcript);
        var conversationId = "transcript-" + Guid.NewGuid().ToString("N");
        foreach (var turn in transcript.Turns)
        {
            var body = new Dictionary<string, string?> { ["conversationId"] = conversationId, ["locale"] = transcript.Locale };
            switch (runner.ToInput(turn))
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
            Assert.True(response.IsSuccessStatusCode, $"{transcript}, {turn}: HTTP {(int)response.StatusCode} {json}");
            using var doc = JsonDocument.Parse(json);
            var reply = doc.RootElement;
            var where = $"{transcript}, {turn}";

            if (turn.ExpectsTopic)
            {
                var topic = reply.GetProperty("topic").ValueKind == JsonValueKind.Null ? null : reply.GetProperty("topic").GetString();
                Assert.True(turn.Topic == topic, $"{where}: expected topic '{turn.Topic ?? "null"}' but got '{topic ?? "null"}'");
            }

            var outcome = reply.GetProperty("outcome").GetString();
            Assert.True(turn.Outcome is null || string.Equals(turn.Outcome, outcome, StringComparison.OrdinalIgnoreCase), $"{where}: expected outcome {turn.Outcome} but got {outcome}");
            var step = reply.TryGetProperty("flowStep", out var s) ? s.GetString() : null;
            Assert.True(turn.Step is null || turn.Step == step, $"{where}: expected step '{turn.Step}' but got '{step ?? "none"}'");
            var locale = reply.GetProperty("locale").GetString();
            Assert.True(turn.Lang is null || turn.Lang == locale, $"{where}: expected the reply in '{turn.Lang}' but got '{locale}'");
            var candidates = reply.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()).ToList();
            foreach (var candidate in turn.Candidates)
            {
                Assert.True(candidates.Contains(candidate), $"{where}: expected candidate '{candidate}' in [{string.Join(", ", candidates)}]");
            }

            // What the person sees: the messages' text and buttons, exactly as the page gets them.
            var messages = reply.GetProperty("messages").EnumerateArray().Select(m => new ReplyMessage(m.GetProperty("text").GetString()!)
            {
                Choices = m.GetProperty("choices").EnumerateArray().Select(c => new Choice(c.GetProperty("label").GetString()!, c.GetProperty("action").GetString()!)).ToList(),
            }).ToList();
            TranscriptAssert.Seen(transcript, turn, new TurnObservation(string.Join("\n", messages.Select(m => m.Text)), messages.SelectMany(m => m.Choices).Select(c => c.Label).ToList()));
            runner.Remember(new Reply(messages));
        }
    }

    /// <summary>One real host for all transcripts (each uses its own conversation id).</summary>
    public sealed class BotFixture : IAsyncLifetime
    {
        private RunningBot? bot;

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
