namespace OptOutBot.Engine.Ports;

/// <summary>
/// Aggregate turn counters for the operator console: how many turns per day, channel, language, outcome and topic.
/// Counts only: no user or conversation id, no message text.
/// </summary>
public interface IUsageCounterStore
{
    /// <summary>Adds each count to its row (created at zero when new), in one transaction.</summary>
    ValueTask AddAsync(IReadOnlyCollection<UsageCount> counts, CancellationToken cancellationToken = default);

    /// <summary>Every row from <paramref name="from"/> (inclusive), oldest day first.</summary>
    ValueTask<IReadOnlyList<UsageCount>> ListAsync(DateOnly from, CancellationToken cancellationToken = default);

    /// <summary>Deletes the rows of days before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PruneAsync(DateOnly before, CancellationToken cancellationToken = default);
}

/// <param name="Day">The UTC day of the turns.</param>
/// <param name="Outcome">topic | clarify | fallback | flowStep | command | invalid.</param>
/// <param name="Topic">The topic answered, the flow of a step, or the command run; empty otherwise.</param>
public sealed record UsageCount(DateOnly Day, string Channel, string Locale, string Outcome, string Topic, long Count);
