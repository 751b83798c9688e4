namespace OptOutBot.Engine.Ports;

/// <summary>Deduplicates redelivered platform updates (same Telegram update_id, same Discord interaction id) across instances.</summary>
public interface IUpdateLog
{
    /// <summary>Records the update; false when it was already recorded (a redelivery to ignore).</summary>
    ValueTask<bool> TryRecordAsync(string channel, string updateId, CancellationToken cancellationToken = default);

    /// <summary>Forgets records older than <paramref name="olderThan"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}
