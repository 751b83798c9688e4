using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Content;

/// <summary>A source due for re-checking, once per URL, with every place that cites it.</summary>
public sealed record StaleSource(string Url, string Title, DateOnly Date, IReadOnlyList<SourceLocation> CitedAt);

/// <summary>The editor's to-do list of <c>validate --stale</c>: sources older than the configured age, grouped by URL.</summary>
public static class StaleSources
{
    public static IReadOnlyList<StaleSource> Find(BotContent content, int staleAfterDays, DateOnly today)
    {
        var byUrl = new Dictionary<string, (SourceNote Oldest, List<SourceLocation> At)>(StringComparer.Ordinal);
        foreach (var locale in content.Locales)
        {
            foreach (var topic in content.Pack(locale).Topics.Values)
            {
                for (var i = 0; i < topic.Sources.Count; i++)
                {
                    var source = topic.Sources[i];
                    if (source.Date == DateOnly.MinValue || today.DayNumber - source.Date.DayNumber <= staleAfterDays)
                    {
                        continue;
                    }

                    var at = i < topic.SourceLocations.Count ? topic.SourceLocations[i] : topic.Location;
                    if (byUrl.TryGetValue(source.Url, out var entry))
                    {
                        entry.At.Add(at);
                        if (source.Date < entry.Oldest.Date)
                        {
                            byUrl[source.Url] = (source, entry.At);
                        }
                    }
                    else
                    {
                        byUrl[source.Url] = (source, [at]);
                    }
                }
            }
        }

        return [.. byUrl.Values
            .Select(e => new StaleSource(e.Oldest.Url, e.Oldest.Title, e.Oldest.Date, [.. e.At.OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line)]))
            .OrderBy(s => s.Date).ThenBy(s => s.Url, StringComparer.Ordinal)];
    }
}
