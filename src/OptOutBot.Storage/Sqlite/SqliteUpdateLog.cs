using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage.Sqlite;

/// <summary>
/// Remembers platform update ids for a while so a redelivered update is answered once. The file decides (an
/// insert that conflicts means "seen"), so other processes on the same file agree; concurrent calls are grouped
/// into one transaction by a single writer (group commit), and each caller gets its answer once that transaction
/// is committed. Under load this turns one SQLite transaction per webhook into one per batch.
/// </summary>
public sealed class SqliteUpdateLog : IUpdateLog, IAsyncDisposable
{
    private const int BatchSize = 512;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteUpdateLog(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _writer = Task.Run(WriteLoopAsync);
    }

    public ValueTask<bool> TryRecordAsync(string channel, string updateId, CancellationToken cancellationToken = default)
    {
        // Stored as a keyed hash: some platforms' update ids embed the conversation id (Bot Framework "conv|0001").
        var pending = new Pending(channel, _database.Ids.Hash(channel, updateId), _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteUpdateLog));
        }

        return new ValueTask<bool>(pending.Result.Task.WaitAsync(cancellationToken));
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM update_log WHERE seen_at < $t";
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
                var inserted = WriteBatch(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(inserted[i]);
                }
            }
            catch (SqliteException ex)
            {
                // The adapter answers the platform with an error, and the platform delivers the update again.
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

    private bool[] WriteBatch(List<Pending> batch)
    {
        var inserted = new bool[batch.Count];
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO update_log (channel, update_id, seen_at) VALUES ($c, $u, $t) ON CONFLICT DO NOTHING";
        var c = command.Parameters.Add("$c", SqliteType.Text);
        var u = command.Parameters.Add("$u", SqliteType.Text);
        var t = command.Parameters.Add("$t", SqliteType.Integer);
        command.Prepare();
        for (var i = 0; i < batch.Count; i++)
        {
            c.Value = batch[i].Channel;
            u.Value = batch[i].UpdateId;
            t.Value = batch[i].At;
            inserted[i] = command.ExecuteNonQuery() == 1;
        }

        transaction.Commit();
        return inserted;
    }

    private sealed class Pending(string channel, string updateId, long at)
    {
        public string Channel { get; } = channel;

        public string UpdateId { get; } = updateId;

        public long At { get; } = at;

        // Continuations run off the writer's thread, so one slow turn never delays the next batch.
        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
