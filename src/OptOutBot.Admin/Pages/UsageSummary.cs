using OptOutBot.Engine.Ports;

namespace OptOutBot.Admin.Pages;

/// <summary>What the overview shows, computed from the aggregate counters alone.</summary>
internal sealed record UsageSummary(
    long Turns,
    long Answered,
    long Clarified,
    long Fallback,
    long Other,
    IReadOnlyList<(DateOnly Day, string Channel, string Locale, long Turns)> PerDay,
    IReadOnlyList<(string Topic, long Count)> TopTopics,
    IReadOnlyList<(string Channel, string Locale, long Count)> TopFallbacks)
{
    public static UsageSummary From(IReadOnlyList<UsageCount> counts)
    {
        long Sum(Func<UsageCount, bool> which) => counts.Where(which).Sum(c => c.Count);
        var answered = Sum(c => c.Outcome is "topic" or "flowStep");
        var clarified = Sum(c => c.Outcome == "clarify");
        var fallback = Sum(c => c.Outcome == "fallback");
        var total = Sum(_ => true);
        return new UsageSummary(
            total, answered, clarified, fallback, total - answered - clarified - fallback,
            counts.GroupBy(c => (c.Day, c.Channel, c.Locale)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Channel, StringComparer.Ordinal).ThenBy(g => g.Key.Locale, StringComparer.Ordinal)
                .Select(g => (g.Key.Day, g.Key.Channel, g.Key.Locale, g.Sum(c => c.Count))).ToList(),
            counts.Where(c => c.Outcome == "topic" && c.Topic.Length > 0).GroupBy(c => c.Topic, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Sum(c => c.Count))).OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal).Take(10).ToList(),
            counts.Where(c => c.Outcome == "fallback").GroupBy(c => (c.Channel, c.Locale))
                .Select(g => (g.Key.Channel, g.Key.Locale, g.Sum(c => c.Count))).OrderByDescending(t => t.Item3).ThenBy(t => t.Channel, StringComparer.Ordinal).Take(10).ToList());
    }

    public static string Percent(long part, long whole) =>
        whole == 0 ? "–" : ((double)part / whole).ToString("P0", System.Globalization.CultureInfo.InvariantCulture);
}
