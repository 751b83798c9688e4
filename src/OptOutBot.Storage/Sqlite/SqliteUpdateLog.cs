using Microsoft.Data.Sqlite;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage.Sqlite;

/// <summary>Remembers platform update ids for a while so a redelivered update is answered once.</summary>
public sealed class SqliteUpdateLog(SqliteDatabase database, TimeProvider time) : IUpdateLog
{
    public async ValueTask<bool> TryRecordAsync(string channel, string updateId, CancellationToken cancellationToken = default)
    {
        await database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO update_log (channel, update_id, seen_at) VALUES ($c, $u, $t) ON CONFLICT DO NOTHING";
            command.Parameters.AddWithValue("$c", channel);
            command.Parameters.AddWithValue("$u", updateId);
            command.Parameters.AddWithValue("$t", time.GetUtcNow().ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM update_log WHERE seen_at < $t";
        command.Parameters.AddWithValue("$t", olderThan.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
