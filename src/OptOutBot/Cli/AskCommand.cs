using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Cli;

/// <summary><c>optoutbot ask</c>: one question (argument) or one per stdin line → the answer; <c>--json</c> for machines, <c>--explain</c> for authors.</summary>
internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string[]>("question") { Arity = ArgumentArity.ZeroOrMore, Description = "The question; without it, one question per line is read from standard input." };
        var lang = new Option<string?>("--lang") { Description = "Answer language, one of dialogs/languages.yaml (fr, en, de, es, it, nl); default: the platform-less default, or the question's own language." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per question: topic, lang, outcome, reply, choices, candidates." };
        var explain = new Option<bool>("--explain") { Description = "Show how the matcher scored the topics." };
        var command = new Command("ask", "Ask one question (or one per stdin line) and print the answer.") { question, lang, json, explain };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(question) ?? [], parse.GetValue(lang), parse.GetValue(json), parse.GetValue(explain), Console.In, Console.Out, ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] words, string? lang, bool json, bool explain, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        using var services = TerminalEngine.Create();
        var engine = TerminalEngine.TryEngine(services);
        if (engine is null)
        {
            return 1;
        }

        var content = services.GetRequiredService<LiveContent>().Current;
        var questions = words.Length > 0 ? [string.Join(' ', words)] : ReadLines(input);
        var n = 0;
        foreach (var text in questions)
        {
            // Each question is its own conversation: answers never depend on the previous line.
            var message = new InboundMessage("cli", "ask-" + n, "ask-" + n, new TextInput(text), lang);
            n++;
            var result = await engine.HandleAsync(message, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                output.WriteLine(ToJson(text, result));
            }
            else
            {
                PlainReplyWriter.Write(result.Reply, output, content.Text(result.Locale, "sources.label"));
            }

            if (explain)
            {
                Explain(content, text, result, output);
            }
        }

        return 0;
    }

    private static IEnumerable<string> ReadLines(TextReader input)
    {
        while (input.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                yield return line;
            }
        }
    }

    private static void Explain(BotContent content, string text, TurnResult result, TextWriter output)
    {
        output.WriteLine($"# question: {text}");
        output.WriteLine($"# terms: {string.Join(' ', content.QuestionTerms(text))}");
        var report = content.Explain(text);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# weights: {string.Join(' ', report.Weights.Select(w => $"{w.Term}={w.Weight:0.0}"))}  (? unknown, ~ off-topic, 0 ignored)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# best topic explains {report.Coverage:0%} of the question's weight"));
        foreach (var e in report.Topics)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#   {e.TopicId,-32} score {e.Score:0.000}  best example {e.BestExampleCosine:0.00} \"{e.BestExample}\"  matched [{string.Join(", ", e.MatchedTerms)}]"));
        }

        output.WriteLine($"# decision: {result.Outcome.ToString().ToLowerInvariant()} {result.TopicId ?? string.Join("|", result.Candidates)}");
        output.WriteLine();
    }

    // Readable UTF-8 ("é", "«", "'") instead of \u escapes: the output is for people and scripts alike.
    private static readonly JsonWriterOptions JsonOutput = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ToJson(string question, TurnResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonOutput))
        {
            writer.WriteStartObject();
            writer.WriteString("question", question);
            if (result.TopicId is null || result.Outcome is TurnOutcome.Clarify or TurnOutcome.Fallback)
            {
                writer.WriteNull("topic");
            }
            else
            {
                writer.WriteString("topic", result.TopicId);
            }

            writer.WriteString("lang", result.Locale);
            writer.WriteString("outcome", result.Outcome.ToString().ToLowerInvariant());
            writer.WriteString("reply", PlainReplyWriter.PlainText(result.Reply));
            writer.WriteStartArray("choices");
            foreach (var choice in result.Reply.Messages.SelectMany(m => m.Choices))
            {
                writer.WriteStartObject();
                writer.WriteString("label", choice.Label);
                writer.WriteString("action", choice.ActionId);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("candidates");
            foreach (var candidate in result.Candidates)
            {
                writer.WriteStringValue(candidate);
            }

            writer.WriteEndArray();
            if (result.FlowStep is not null)
            {
                writer.WriteString("step", result.FlowStep);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
