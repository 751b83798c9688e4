using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage.Sqlite;

/// <summary>
/// The update log on SQLite. The file decides (an insert that conflicts means "seen"), and every accepted update is one
/// small row (no personal data: the platform's update id and a state). The begin calls of concurrent turns are grouped
/// into one transaction by a single writer (group commit), each caller getting its answer once that transaction is
/// committed. Inline answers are kept in this process only (<see cref="RecentTurns"/>: SQLite serves one instance), so
/// they cost no write; answers that must travel through the platform API are stored before the webhook is acknowledged.
/// </summary>
public sealed class SqliteUpdateLog : IUpdateLog, IAsyncDisposable
{
    private const int BatchSize = 512;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly RecentTurns _recent;

    public SqliteUpdateLog(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _recent = new RecentTurns(time);
        _writer = Task.Run(WriteLoopAsync);
    }

    public ValueTask<UpdateRecord> BeginAsync(string channel, string updateId, TimeSpan takeOverAfter, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var takesOver = takeOverAfter < TimeSpan.FromDays(3650);
        if (takesOver && _recent.TryGet(channel, updateId, out var turn) && Known(turn, takeOverAfter) is { } known)
        {
            return ValueTask.FromResult(known);
        }

        var before = takesOver ? now - (long)takeOverAfter.TotalMilliseconds : long.MinValue;
        return Enqueue(new Pending(channel, updateId, now) { TakeOverBefore = before, TakeOverAfter = takesOver ? takeOverAfter : null }, cancellationToken);
    }

    public async ValueTask<UpdateState> SaveAnswerAsync(string channel, string updateId, string answer, bool queue, CancellationToken cancellationToken = default)
    {
        if (!queue && _recent.TryGet(channel, updateId, out var turn))
        {
            lock (turn)
            {
                if (!turn.Redelivered)
                {
                    turn.Answer = answer;
                    return UpdateState.Answered;
                }
            }

            // A redelivery came while the turn ran: the first request is gone, so the answer waits for the API sender.
            queue = true;
        }

        var record = await Enqueue(new Pending(channel, updateId, _time.GetUtcNow().ToUnixTimeMilliseconds()) { Answer = answer, Queue = queue }, cancellationToken).ConfigureAwait(false);
        if (record.State == UpdateState.Queued)
        {
            _recent.Forget(channel, updateId);
        }

        return record.State;
    }

    /// <summary>What a redelivery gets from a turn of this process, or null when the turn died (taken over: run it again).</summary>
    private UpdateRecord? Known(RecentTurns.Turn turn, TimeSpan takeOverAfter)
    {
        lock (turn)
        {
            if (turn.Answer is { } answer)
            {
                return new UpdateRecord(UpdateState.Answered, answer);
            }

            if (_recent.Elapsed(turn) > (long)takeOverAfter.TotalMilliseconds)
            {
                return null;
            }

            turn.Redelivered = true;
            return new UpdateRecord(UpdateState.Received);
        }
    }

    public async ValueTask<IReadOnlyList<QueuedAnswer>> ClaimQueuedAsync(string channel, string owner, int limit, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE update_log SET lease_owner = $o, lease_until = $lu
                WHERE (channel, update_id) IN (
                    SELECT channel, update_id FROM update_log
                    WHERE channel = $c AND state = 2 AND (lease_until IS NULL OR lease_until < $now)
                    ORDER BY seen_at LIMIT $n)
                RETURNING update_id, answer
                """;
            command.Parameters.AddWithValue("$o", owner);
            command.Parameters.AddWithValue("$lu", leaseUntil.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$c", channel);
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$n", limit);
            var claimed = new List<QueuedAnswer>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(new QueuedAnswer(reader.GetString(0), reader.IsDBNull(1) ? string.Empty : reader.GetString(1)));
            }

            return claimed;
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    public ValueTask MarkDeliveredAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default)
    {
        foreach (var id in updateIds)
        {
            _recent.Forget(channel, id);
        }

        return UpdateEachAsync("UPDATE update_log SET state = 3, answer = NULL, lease_owner = NULL, lease_until = NULL WHERE channel = $c AND update_id = $u", channel, updateIds, cancellationToken);
    }

    public ValueTask ReleaseAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) =>
        UpdateEachAsync("UPDATE update_log SET lease_owner = NULL, lease_until = NULL WHERE channel = $c AND update_id = $u AND state = 2", channel, updateIds, cancellationToken);

    public async ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            // Queued answers stay until they are sent, however old.
            command.CommandText = "DELETE FROM update_log WHERE seen_at < $t AND state <> 2";
            command.Parameters.AddWithValue("$t", olderThan.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private ValueTask<UpdateRecord> Enqueue(Pending pending, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteUpdateLog));
        }

        return new ValueTask<UpdateRecord>(pending.Result.Task.WaitAsync(cancellationToken));
    }

    private async ValueTask UpdateEachAsync(string sql, string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken)
    {
        if (updateIds.Count == 0)
        {
            return;
        }

        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = _database.Open();
            await using var transaction = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$c", channel);
            var u = command.Parameters.Add("$u", SqliteType.Text);
            foreach (var id in updateIds)
            {
                u.Value = id;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(BatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await _database.WriteLock.WaitAsync().ConfigureAwait(false);
            try
            {
                var results = WriteBatch(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (SqliteException ex)
            {
                // The adapter's turn fails like any other: the person gets the apology, the platform gets an acknowledgement.
                foreach (var item in batch)
                {
                    item.Result.TrySetException(ex);
                }
            }
            finally
            {
                _database.WriteLock.Release();
            }
        }
    }

    private UpdateRecord[] WriteBatch(List<Pending> batch)
    {
        var results = new UpdateRecord[batch.Count];
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = Command(connection, transaction, "INSERT INTO update_log (channel, update_id, seen_at, state) VALUES ($c, $u, $t, 0) ON CONFLICT DO NOTHING");
        using var read = Command(connection, transaction, "SELECT state, answer, seen_at FROM update_log WHERE channel = $c AND update_id = $u");
        using var takeOver = Command(connection, transaction, "UPDATE update_log SET seen_at = $t, redelivered = 0 WHERE channel = $c AND update_id = $u");
        using var redelivered = Command(connection, transaction, "UPDATE update_log SET redelivered = 1 WHERE channel = $c AND update_id = $u");
        using var save = Command(connection, transaction, """
            INSERT INTO update_log (channel, update_id, seen_at, state, answer) VALUES ($c, $u, $t, CASE WHEN $q = 1 THEN 2 ELSE 1 END, $a)
            ON CONFLICT DO UPDATE SET answer = excluded.answer, lease_owner = NULL, lease_until = NULL,
                state = CASE WHEN $q = 1 OR update_log.redelivered = 1 THEN 2 ELSE 1 END
            RETURNING state
            """);
        var a = save.Parameters.Add("$a", SqliteType.Text);
        var q = save.Parameters.Add("$q", SqliteType.Integer);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            if (item.Answer is not null)
            {
                Bind(save, item);
                a.Value = item.Answer;
                q.Value = item.Queue ? 1 : 0;
                results[i] = new UpdateRecord((UpdateState)Convert.ToInt32(save.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            if (Bind(insert, item).ExecuteNonQuery() == 1)
            {
                Start(item);
                results[i] = UpdateRecord.New;
                continue;
            }

            using var reader = Bind(read, item).ExecuteReader();
            reader.Read();
            var state = (UpdateState)reader.GetInt32(0);
            var answer = reader.IsDBNull(1) ? null : reader.GetString(1);
            var seenAt = reader.GetInt64(2);
            reader.Close();
            if (state == UpdateState.Received && item.TakeOverAfter is { } after)
            {
                // Decided on the writer's thread, so two deliveries of one update never both start it. A received row
                // with no turn of this process behind it was answered inline and left RecentTurns, or its process died.
                var known = _recent.TryGet(item.Channel, item.UpdateId, out var turn) ? Known(turn, after) : null;
                if (known is null)
                {
                    Bind(takeOver, item).ExecuteNonQuery();
                    Start(item);
                }

                results[i] = known ?? UpdateRecord.New;
            }
            else if (state == UpdateState.Received)
            {
                var stale = seenAt < item.TakeOverBefore;
                Bind(stale ? takeOver : redelivered, item).ExecuteNonQuery();
                results[i] = stale ? UpdateRecord.New : new UpdateRecord(UpdateState.Received);
            }
            else
            {
                results[i] = new UpdateRecord(state, state == UpdateState.Answered ? answer : null);
            }
        }

        transaction.Commit();
        return results;
    }

    private void Start(Pending item)
    {
        if (item.TakeOverAfter is not null)
        {
            _recent.Start(item.Channel, item.UpdateId);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add("$c", SqliteType.Text);
        command.Parameters.Add("$u", SqliteType.Text);
        if (sql.Contains("$t", StringComparison.Ordinal))
        {
            command.Parameters.Add("$t", SqliteType.Integer);
        }

        return command;
    }

    private static SqliteCommand Bind(SqliteCommand command, Pending item)
    {
        command.Parameters["$c"].Value = item.Channel;
        command.Parameters["$u"].Value = item.UpdateId;
        if (command.Parameters.Contains("$t"))
        {
            command.Parameters["$t"].Value = item.At;
        }

        return command;
    }

    private sealed class Pending(string channel, string updateId, long at)
    {
        public string Channel { get; } = channel;

        public string UpdateId { get; } = updateId;

        public long At { get; } = at;

        public long TakeOverBefore { get; init; }

        /// <summary>Set for a begin whose turns may be taken over (an inline-answering adapter); null for a plain "seen?".</summary>
        public TimeSpan? TakeOverAfter { get; init; }

        /// <summary>Set for a save; null for a begin.</summary>
        public string? Answer { get; init; }

        public bool Queue { get; init; }

        // Continuations run off the writer's thread, so one slow turn never delays the next batch.
        public TaskCompletionSource<UpdateRecord> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
