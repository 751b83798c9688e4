using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Admin.Pages;

/// <summary>
/// Unanswered questions grouped by similarity: the same analysed terms (stemmed, stop words and typos folded) form one
/// group; a question with no term the bot knows stays with its exact (case-folded) repeats. Most frequent first.
/// </summary>
internal sealed record QuestionGroups(UnansweredQuestion Sample, IReadOnlyList<UnansweredQuestion> Questions)
{
    public static IEnumerable<QuestionGroups> Of(IReadOnlyList<UnansweredQuestion> questions, BotContent content) =>
        questions.GroupBy(q => content.QuestionTerms(q.RedactedText).Where(t => t != "?").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } terms
                ? q.Locale + " terms:" + string.Join(' ', terms)
                : q.Locale + " text:" + q.RedactedText.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => new QuestionGroups(g.First(), g.ToList()))
            .OrderByDescending(g => g.Questions.Count);
}
