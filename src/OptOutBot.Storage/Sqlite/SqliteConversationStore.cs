using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Privacy;

namespace OptOutBot.Storage.Sqlite;

/// <summary>
/// Conversation state in SQLite. Saves are write-behind: the newest state per key waits in memory (and is what
/// reads see) while one writer drains a bounded queue in batched transactions, so a turn never waits for the
/// file lock. A crash can lose the last few milliseconds of state changes — a language choice or guide step, never
/// a message — which is the trade we accept for one-machine SQLite; PostgreSQL deployments write through.
/// Conversation and user ids are stored (and kept in memory) as keyed hashes: the state is looked up, never used to
/// reach anyone.
/// </summary>
public sealed class SqliteConversationStore : IConversationStore, IPersonalDataSource, IAsyncDisposable
{
    private const int BatchSize = 512;

    // States already in the file, kept so the next turn of an active conversation does not read it back.
    // Bounded: cleared when full. Safe because SQLite serves one instance (several instances use PostgreSQL).
    private const int RecentLimit = 100_000;

    private readonly SqliteDatabase _database;
    private readonly ConcurrentDictionary<ConversationKey, ConversationState> _pending = new();
    private readonly ConcurrentDictionary<ConversationKey, ConversationState> _recent = new();
    private readonly Channel<ConversationKey> _queue = Channel.CreateBounded<ConversationKey>(new BoundedChannelOptions(50_000) { SingleReader = true });
    private readonly Task _writer;

    public SqliteConversationStore(SqliteDatabase database)
    {
        _database = database;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async ValueTask<ConversationState?> GetAsync(ConversationKey key, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        key = Hashed(key);
        if (_pending.TryGetValue(key, out var pending) || _recent.TryGetValue(key, out pending))
        {
            return pending.UpdatedAt >= notBefore ? pending : null;
        }

        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT locale, flow, last_topic, updated_at FROM conversation_state WHERE channel = $c AND conversation_id = $k AND user_id = $u AND updated_at >= $t";
        command.Parameters.AddWithValue("$c", key.Channel);
        command.Parameters.AddWithValue("$k", key.ConversationId);
        command.Parameters.AddWithValue("$u", key.UserId);
        command.Parameters.AddWithValue("$t", notBefore.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new ConversationState(
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    public ValueTask SaveAsync(ConversationKey key, ConversationState state, CancellationToken cancellationToken = default)
    {
        key = Hashed(key);
        _pending[key] = state;
        return _queue.Writer.TryWrite(key) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(key, cancellationToken);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        foreach (var (key, state) in _recent)
        {
            if (state.UpdatedAt < olderThan)
            {
                _recent.TryRemove(key, out _);
            }
        }

        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM conversation_state WHERE updated_at < $t";
        command.Parameters.AddWithValue("$t", olderThan.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<PersonalDataItem>> DescribeAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        user = Hashed(user);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<PersonalDataItem>();
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT locale, flow, last_topic, updated_at FROM conversation_state WHERE channel = $c AND user_id = $u ORDER BY updated_at";
        command.Parameters.AddWithValue("$c", user.Channel);
        command.Parameters.AddWithValue("$u", user.UserId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new PersonalDataItem("conversation", ConversationDescription.Of(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))));
        }

        return items;
    }

    public async ValueTask<int> EraseAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        user = Hashed(user);
        // Under the write lock, so a batch being written cannot bring the state back after the delete.
        var erased = new HashSet<string>(StringComparer.Ordinal);
        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A state may be both waiting and already in the file: count each conversation once.
            foreach (var key in _recent.Keys)
            {
                if (key.Channel == user.Channel && key.UserId == user.UserId)
                {
                    _recent.TryRemove(key, out _);
                }
            }

            foreach (var key in _pending.Keys)
            {
                if (key.Channel == user.Channel && key.UserId == user.UserId && _pending.TryRemove(key, out _))
                {
                    erased.Add(key.ConversationId);
                }
            }

            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM conversation_state WHERE channel = $c AND user_id = $u RETURNING conversation_id";
            command.Parameters.AddWithValue("$c", user.Channel);
            command.Parameters.AddWithValue("$u", user.UserId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                erased.Add(reader.GetString(0));
            }

        }
        finally
        {
            _database.WriteLock.Release();
        }

        // No old page image of the deleted rows may stay in -wal.
        await _database.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return erased.Count;
    }

    private ConversationKey Hashed(ConversationKey key) =>
        new(key.Channel, _database.Ids.Hash(key.Channel, key.ConversationId), _database.Ids.Hash(key.Channel, key.UserId));

    private UserRef Hashed(UserRef user) => new(user.Channel, _database.Ids.Hash(user.Channel, user.UserId));

    /// <summary>Waits until every state saved so far is in the file.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (!_pending.IsEmpty && !_writer.IsCompleted)
        {
            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<ConversationKey>(BatchSize);
        var written = new List<KeyValuePair<ConversationKey, ConversationState>>(BatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var key))
            {
                batch.Add(key);
            }

            await _database.WriteLock.WaitAsync().ConfigureAwait(false);
            try
            {
                written.Clear();
                WriteBatch(batch, written);
                if (_recent.Count + written.Count > RecentLimit)
                {
                    _recent.Clear();
                }

                foreach (var entry in written)
                {
                    _recent[entry.Key] = entry.Value;
                }
            }
            catch (SqliteException)
            {
                // The states stay pending (reads still see them) and their keys go back in the queue to be retried.
                foreach (var key in batch)
                {
                    _queue.Writer.TryWrite(key);
                }

                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }
            finally
            {
                _database.WriteLock.Release();
            }

            foreach (var entry in written)
            {
                _pending.TryRemove(entry); // only if no newer state arrived meanwhile
            }
        }
    }

    private void WriteBatch(List<ConversationKey> batch, List<KeyValuePair<ConversationKey, ConversationState>> written)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO conversation_state (channel, conversation_id, user_id, locale, flow, last_topic, updated_at)
            VALUES ($c, $k, $u, $l, $f, $t, $at)
            ON CONFLICT (channel, conversation_id, user_id) DO UPDATE SET
                locale = excluded.locale, flow = excluded.flow, last_topic = excluded.last_topic, updated_at = excluded.updated_at
            """;
        var c = command.Parameters.Add("$c", SqliteType.Text);
        var k = command.Parameters.Add("$k", SqliteType.Text);
        var u = command.Parameters.Add("$u", SqliteType.Text);
        var l = command.Parameters.Add("$l", SqliteType.Text);
        var f = command.Parameters.Add("$f", SqliteType.Text);
        var t = command.Parameters.Add("$t", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        command.Prepare();
        var seen = new HashSet<ConversationKey>();
        foreach (var key in batch)
        {
            if (!seen.Add(key) || !_pending.TryGetValue(key, out var state))
            {
                continue;
            }

            c.Value = key.Channel;
            k.Value = key.ConversationId;
            u.Value = key.UserId;
            l.Value = (object?)state.Locale ?? DBNull.Value;
            f.Value = (object?)state.Flow ?? DBNull.Value;
            t.Value = (object?)state.LastTopic ?? DBNull.Value;
            at.Value = state.UpdatedAt.ToUnixTimeMilliseconds();
            command.ExecuteNonQuery();
            written.Add(new KeyValuePair<ConversationKey, ConversationState>(key, state));
        }

        transaction.Commit();
    }
}
