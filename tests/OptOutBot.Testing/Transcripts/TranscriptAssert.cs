using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using Xunit;

namespace OptOutBot.Testing.Transcripts;

/// <summary>Checks a turn's expectations: fully against an engine result, or, through a platform, against what the user saw.</summary>
public static class TranscriptAssert
{
    /// <summary>Engine level: topic, outcome, step, choices, candidates, language and text.</summary>
    public static void Matches(Transcript transcript, TranscriptTurn turn, TurnResult result)
    {
        var where = $"{transcript}, {turn}";
        if (turn.ExpectsTopic)
        {
            var topic = result.Outcome is TurnOutcome.Clarify or TurnOutcome.Fallback ? null : result.TopicId;
            Assert.True(turn.Topic == topic, $"{where}: expected topic '{turn.Topic ?? "null"}' but got '{topic ?? "null"}' ({result.Outcome}, candidates {string.Join(",", result.Candidates)})");
        }

        if (turn.Outcome is not null)
        {
            Assert.True(string.Equals(turn.Outcome, result.Outcome.ToString(), StringComparison.OrdinalIgnoreCase), $"{where}: expected outcome {turn.Outcome} but got {result.Outcome}");
        }

        if (turn.Step is not null)
        {
            Assert.True(turn.Step == result.FlowStep, $"{where}: expected step '{turn.Step}' but got '{result.FlowStep ?? "none"}'");
        }

        if (turn.Lang is not null)
        {
            Assert.True(turn.Lang == result.Locale, $"{where}: expected the reply in '{turn.Lang}' but got '{result.Locale}'");
        }

        foreach (var candidate in turn.Candidates)
        {
            Assert.True(result.Candidates.Contains(candidate), $"{where}: expected candidate '{candidate}' in [{string.Join(", ", result.Candidates)}]");
        }

        Seen(transcript, turn, Observe(result.Reply));
    }

    /// <summary>Platform level: what the user saw (plain text and button labels) must show the expected text and choices.</summary>
    public static void Seen(Transcript transcript, TranscriptTurn turn, TurnObservation seen)
    {
        var where = $"{transcript}, {turn}";
        foreach (var label in turn.Choices)
        {
            Assert.True(seen.ChoiceLabels.Contains(label), $"{where}: expected a choice '{label}' among [{string.Join(" | ", seen.ChoiceLabels)}]");
        }

        if (turn.Says is not null)
        {
            Assert.True(Fold(seen.Text).Contains(Fold(turn.Says), StringComparison.Ordinal), $"{where}: expected the reply to say \"{turn.Says}\" but it said:\n{seen.Text}");
        }
    }

    public static TurnObservation Observe(Reply reply) =>
        new(string.Join("\n", reply.Messages.Select(m => Markup.ToPlainText(m.Text))), reply.Messages.SelectMany(m => m.Choices).Select(c => c.Label).ToList());

    /// <summary>Accents, case and spacing ignored, as a reader would.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var chars = decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .Select(c => c is '’' or '‘' ? '\'' : char.ToLowerInvariant(c));
        return string.Join(' ', new string(chars.ToArray()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}

/// <summary>What a user saw for one turn: the text (plain, all messages) and the button labels.</summary>
public sealed record TurnObservation(string Text, IReadOnlyList<string> ChoiceLabels);
