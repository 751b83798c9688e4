using Npgsql;
using NpgsqlTypes;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage.Postgres;

/// <summary>The console's aggregate turn counters on PostgreSQL, shared by every instance (counts only).</summary>
internal sealed class PostgresUsageCounterStore(PostgresDatabase database) : IUsageCounterStore
{
    public async ValueTask AddAsync(IReadOnlyCollection<UsageCount> counts, CancellationToken cancellationToken = default)
    {
        if (counts.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var c in counts)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO usage_counter (day, channel, locale, outcome, topic, count) VALUES (@d, @c, @l, @o, @t, @n)
                ON CONFLICT (day, channel, locale, outcome, topic) DO UPDATE SET count = usage_counter.count + excluded.count
                """);
            command.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Date) { Value = c.Day });
            command.Parameters.AddWithValue("c", c.Channel);
            command.Parameters.AddWithValue("l", c.Locale);
            command.Parameters.AddWithValue("o", c.Outcome);
            command.Parameters.AddWithValue("t", c.Topic);
            command.Parameters.AddWithValue("n", c.Count);
            batch.BatchCommands.Add(command);
        }

        // A batch runs as one implicit transaction: every count or none.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<UsageCount>> ListAsync(DateOnly from, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT day, channel, locale, outcome, topic, count FROM usage_counter WHERE day >= @d ORDER BY day, channel, locale, outcome, topic", connection);
        command.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Date) { Value = from });
        var list = new List<UsageCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new UsageCount(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5)));
        }

        return list;
    }

    public async ValueTask<int> PruneAsync(DateOnly before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM usage_counter WHERE day < @d", connection);
        command.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Date) { Value = before });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
