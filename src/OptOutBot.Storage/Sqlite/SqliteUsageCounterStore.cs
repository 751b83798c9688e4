using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage.Sqlite;

/// <summary>The console's aggregate turn counters in SQLite (counts only, see migration 0400).</summary>
public sealed class SqliteUsageCounterStore(SqliteDatabase database) : IUsageCounterStore
{
    public async ValueTask AddAsync(IReadOnlyCollection<UsageCount> counts, CancellationToken cancellationToken = default)
    {
        if (counts.Count == 0)
        {
            return;
        }

        await database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = database.Open();
            await using var transaction = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO usage_counter (day, channel, locale, outcome, topic, count) VALUES ($d, $c, $l, $o, $t, $n)
                ON CONFLICT (day, channel, locale, outcome, topic) DO UPDATE SET count = count + excluded.count
                """;
            var day = command.Parameters.Add("$d", Microsoft.Data.Sqlite.SqliteType.Integer);
            var channel = command.Parameters.Add("$c", Microsoft.Data.Sqlite.SqliteType.Text);
            var locale = command.Parameters.Add("$l", Microsoft.Data.Sqlite.SqliteType.Text);
            var outcome = command.Parameters.Add("$o", Microsoft.Data.Sqlite.SqliteType.Text);
            var topic = command.Parameters.Add("$t", Microsoft.Data.Sqlite.SqliteType.Text);
            var count = command.Parameters.Add("$n", Microsoft.Data.Sqlite.SqliteType.Integer);
            foreach (var c in counts)
            {
                day.Value = c.Day.DayNumber;
                channel.Value = c.Channel;
                locale.Value = c.Locale;
                outcome.Value = c.Outcome;
                topic.Value = c.Topic;
                count.Value = c.Count;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public async ValueTask<IReadOnlyList<UsageCount>> ListAsync(DateOnly from, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT day, channel, locale, outcome, topic, count FROM usage_counter WHERE day >= $d ORDER BY day, channel, locale, outcome, topic";
        command.Parameters.AddWithValue("$d", from.DayNumber);
        var list = new List<UsageCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new UsageCount(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5)));
        }

        return list;
    }

    public async ValueTask<int> PruneAsync(DateOnly before, CancellationToken cancellationToken = default)
    {
        await database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM usage_counter WHERE day < $d";
            command.Parameters.AddWithValue("$d", before.DayNumber);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }
}
