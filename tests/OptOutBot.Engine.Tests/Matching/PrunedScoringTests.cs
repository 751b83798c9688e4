using OptOutBot.Engine.Content;
using OptOutBot.Engine.Tests.Support;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>
/// The matcher scores a topic's examples only while the topic could still reach the best three (a bound from its
/// coverage and the question's words). <c>ask --explain</c> scores every topic: on every phrasing of bench/matching,
/// with and without a last topic, both must give the same best three, so the bound never changes an answer.
/// </summary>
public sealed class PrunedScoringTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    [Fact]
    public void BestThree_AreThoseOfScoringEveryTopic_OnEveryBenchPhrasing()
    {
        var matcher = fixture.Content.Matcher;
        var questions = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "bench", "matching"), "*.tsv")
            .SelectMany(File.ReadLines)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length >= 2 && cells[1].Length > 0)
            .Select(cells => cells[1])
            .Distinct()
            .ToList();
        Assert.True(questions.Count > 1000, $"only {questions.Count} phrasings found");

        var contexts = new[] { -1, matcher.TopicIndex("optout-facebook-steps"), matcher.TopicIndex("deadline") };
        var differences = new List<string>();
        var compared = 0;
        foreach (var question in questions)
        {
            foreach (var context in contexts)
            {
                var pruned = matcher.Match(question, context);
                var full = matcher.Explain(question, context, top: 6).Topics.Where(t => t.TopicId != BotContent.OffTopicExamples).Take(3).ToList();
                var best = new[] { pruned.First, pruned.Second, pruned.Third }.Where(i => i >= 0).Select(matcher.TopicId).ToList();
                var expected = full.Where(t => t.Score > 0).Select(t => t.TopicId).ToList();
                compared++;
                if (!best.SequenceEqual(expected) || (best.Count > 0 && Math.Abs(pruned.FirstScore - full[0].Score) > 1e-5f))
                {
                    differences.Add($"{question} (context {context}): pruned [{string.Join(", ", best)}] {pruned.FirstScore:F4}, full [{string.Join(", ", expected)}]");
                }
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} differ:\n" + string.Join('\n', differences.Take(20)));
    }
}
