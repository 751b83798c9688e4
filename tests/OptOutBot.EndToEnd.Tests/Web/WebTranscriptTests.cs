using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>
/// Replays every transcript in tests/transcripts through the web endpoint of the real host, as the page would send it:
/// text, a choice pressed by its label (its action id), or a command; and checks topic, step, outcome, choices,
/// candidates, language and wording on the JSON that arrives.
/// </summary>
public sealed class WebTranscriptTests(WebTranscriptTests.BotFixture fixture) : IClassFixture<WebTranscriptTests.BotFixture>
{
    public static TheoryData<string> Transcripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_ReplaysThroughTheWebEndpoint(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder(), file)))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var locale = Scalar(root, "locale");
        var conversationId = "transcript-" + Path.GetFileNameWithoutExtension(file).Replace('.', '-') + "-" + Guid.NewGuid().ToString("N")[..8];
        JsonElement? previous = null;
        var number = 0;
        foreach (YamlMappingNode turn in ((YamlSequenceNode)root.Children[new YamlScalarNode("turns")]).Children)
        {
            number++;
            var body = new Dictionary<string, string?> { ["conversationId"] = conversationId, ["locale"] = locale };
            string what;
            if (Scalar(turn, "user") is { } text)
            {
                body["text"] = text;
                what = "user: " + text;
            }
            else if (Scalar(turn, "press") is { } label)
            {
                Assert.True(previous is not null, $"{file} turn {number}: press before any reply");
                var choice = Choices(previous.Value).FirstOrDefault(c => c.GetProperty("label").GetString() == label);
                Assert.True(choice.ValueKind == JsonValueKind.Object, $"{file} turn {number}: no choice labelled '{label}' in [{string.Join(", ", Choices(previous.Value).Select(c => c.GetProperty("label").GetString()))}]");
                body["action"] = choice.GetProperty("action").GetString();
                what = "press: " + label;
            }
            else
            {
                var command = Scalar(turn, "command")!.TrimStart('/');
                var space = command.IndexOf(' ', StringComparison.Ordinal);
                body["command"] = space < 0 ? command : command[..space];
                body["argument"] = space < 0 ? null : command[(space + 1)..];
                what = "command: /" + command;
            }

            using var response = await fixture.Client.PostAsJsonAsync("/api/chat", body);
            var json = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{file} turn {number} ({what}): HTTP {(int)response.StatusCode} {json}");
            using var doc = JsonDocument.Parse(json);
            var reply = doc.RootElement.Clone();
            Check(file, number, what, turn, reply);
            previous = reply;
        }
    }

    private static void Check(string file, int number, string what, YamlMappingNode turn, JsonElement reply)
    {
        var where = $"{file} turn {number} ({what})";
        if (turn.Children.ContainsKey(new YamlScalarNode("topic")))
        {
            var expected = Scalar(turn, "topic");
            var actual = reply.GetProperty("topic").ValueKind == JsonValueKind.Null ? null : reply.GetProperty("topic").GetString();
            Assert.True(expected == actual, $"{where}: topic {actual ?? "null"}, expected {expected ?? "null"}");
        }

        if (Scalar(turn, "step") is { } step)
        {
            var actual = reply.TryGetProperty("flowStep", out var s) ? s.GetString() : null;
            Assert.True(step == actual, $"{where}: step {actual ?? "none"}, expected {step}");
        }

        if (Scalar(turn, "outcome") is { } outcome)
        {
            Assert.True(string.Equals(outcome, reply.GetProperty("outcome").GetString(), StringComparison.OrdinalIgnoreCase), $"{where}: outcome {reply.GetProperty("outcome").GetString()}, expected {outcome}");
        }

        if (Scalar(turn, "lang") is { } lang)
        {
            Assert.True(lang == reply.GetProperty("locale").GetString(), $"{where}: language {reply.GetProperty("locale").GetString()}, expected {lang}");
        }

        var labels = Choices(reply).Select(c => c.GetProperty("label").GetString()).ToList();
        foreach (var label in List(turn, "choices"))
        {
            Assert.True(labels.Contains(label), $"{where}: choice '{label}' missing from [{string.Join(", ", labels)}]");
        }

        var candidates = reply.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()).ToList();
        foreach (var candidate in List(turn, "candidates"))
        {
            Assert.True(candidates.Contains(candidate), $"{where}: candidate '{candidate}' missing from [{string.Join(", ", candidates)}]");
        }

        if (Scalar(turn, "says") is { } says)
        {
            var text = string.Join("\n", reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
            Assert.True(Fold(text).Contains(Fold(says), StringComparison.Ordinal), $"{where}: reply does not say '{says}':\n{text}");
        }
    }

    private static IEnumerable<JsonElement> Choices(JsonElement reply) =>
        reply.GetProperty("messages").EnumerateArray().SelectMany(m => m.GetProperty("choices").EnumerateArray()).ToList();

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar && scalar.Value is { } v && v != "null" && v != "~" ? v : null;

    private static IEnumerable<string> List(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value!)
            : [];

    // Accents, case and typographic apostrophes ignored, as the transcript format says.
    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace('’', '\'').Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "transcripts");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/transcripts not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One real host for all transcripts (each uses its own conversation id).</summary>
    public sealed class BotFixture : IAsyncLifetime
    {
        private RealBot? bot;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            bot = await RealBot.StartAsync(new() { ["Web:RateLimitPerMinute"] = "0" });
            Client = new HttpClient { BaseAddress = bot.BaseAddress };
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
