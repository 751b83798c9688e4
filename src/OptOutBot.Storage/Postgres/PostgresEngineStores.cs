using Npgsql;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Privacy;

namespace OptOutBot.Storage.Postgres;

/// <summary>Conversation state shared by every instance; also what /mydata and /forget see of it.</summary>
internal sealed class PostgresConversationStore(PostgresDatabase database) : IConversationStore, IPersonalDataSource
{
    public async ValueTask<ConversationState?> GetAsync(ConversationKey key, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        key = Hashed(key);
        await using var command = new NpgsqlCommand(
            "SELECT locale, flow, last_topic, updated_at FROM conversations WHERE channel = @c AND conversation_id = @conv AND user_id = @u AND updated_at >= @notBefore",
            connection);
        command.Parameters.AddWithValue("c", key.Channel);
        command.Parameters.AddWithValue("conv", key.ConversationId);
        command.Parameters.AddWithValue("u", key.UserId);
        command.Parameters.AddWithValue("notBefore", notBefore.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ConversationState(
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async ValueTask SaveAsync(ConversationKey key, ConversationState state, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        key = Hashed(key);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO conversations (channel, conversation_id, user_id, locale, flow, last_topic, updated_at)
            VALUES (@c, @conv, @u, @locale, @flow, @topic, @at)
            ON CONFLICT (channel, conversation_id, user_id) DO UPDATE
            SET locale = excluded.locale, flow = excluded.flow, last_topic = excluded.last_topic, updated_at = excluded.updated_at
            """,
            connection);
        command.Parameters.AddWithValue("c", key.Channel);
        command.Parameters.AddWithValue("conv", key.ConversationId);
        command.Parameters.AddWithValue("u", key.UserId);
        command.Parameters.AddWithValue("locale", (object?)state.Locale ?? DBNull.Value);
        command.Parameters.AddWithValue("flow", (object?)state.Flow ?? DBNull.Value);
        command.Parameters.AddWithValue("topic", (object?)state.LastTopic ?? DBNull.Value);
        command.Parameters.AddWithValue("at", state.UpdatedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM conversations WHERE updated_at < @t", connection);
        command.Parameters.AddWithValue("t", olderThan.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<PersonalDataItem>> DescribeAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        user = Hashed(user);
        await using var command = new NpgsqlCommand("SELECT locale, flow, last_topic, updated_at FROM conversations WHERE channel = @c AND user_id = @u ORDER BY updated_at", connection);
        command.Parameters.AddWithValue("c", user.Channel);
        command.Parameters.AddWithValue("u", user.UserId);
        var items = new List<PersonalDataItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new PersonalDataItem("conversation", ConversationDescription.Of(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3))));
        }

        return items;
    }

    public async ValueTask<int> EraseAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        user = Hashed(user);
        await using var command = new NpgsqlCommand("DELETE FROM conversations WHERE channel = @c AND user_id = @u", connection);
        command.Parameters.AddWithValue("c", user.Channel);
        command.Parameters.AddWithValue("u", user.UserId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Ids are keyed hashes in the table: the state is looked up, never used to reach anyone.
    private ConversationKey Hashed(ConversationKey key) =>
        new(key.Channel, database.Ids.Hash(key.Channel, key.ConversationId), database.Ids.Hash(key.Channel, key.UserId));

    private UserRef Hashed(UserRef user) => new(user.Channel, database.Ids.Hash(user.Channel, user.UserId));
}

/// <summary>
/// Dedupe of redelivered updates across instances: the primary key decides which instance handles one. Like SQLite,
/// an inline answer is kept in this process only (<see cref="RecentTurns"/>) and the row says "answered" without
/// its text: the text names the chat (Telegram's <c>chat_id</c>), and /forget must leave no id in any table. A
/// redelivery this process answered gets the same answer back; one that reaches another instance, or comes after a
/// restart or <see cref="RecentTurns.KeepFor"/>, takes the turn over and runs it again (the first delivery
/// failed, so the person got nothing yet). Answers that must travel through the platform API are stored until sent.
/// </summary>
internal sealed class PostgresUpdateLog(PostgresDatabase database, TimeProvider time) : IUpdateLog
{
    private readonly RecentTurns _recent = new(time);

    public async ValueTask<UpdateRecord> BeginAsync(string channel, string updateId, TimeSpan takeOverAfter, CancellationToken cancellationToken = default)
    {
        var takesOver = takeOverAfter < TimeSpan.FromDays(3650);
        if (takesOver && _recent.TryGet(channel, updateId, out var turn) && turn.Answer is { } known)
        {
            return new UpdateRecord(UpdateState.Answered, known);
        }

        var record = await BeginInDatabaseAsync(channel, updateId, takeOverAfter, takesOver, cancellationToken).ConfigureAwait(false);
        if (takesOver && record.State == UpdateState.New)
        {
            _recent.Start(channel, updateId);
        }

        return record;
    }

    private async ValueTask<UpdateRecord> BeginInDatabaseAsync(string channel, string updateId, TimeSpan takeOverAfter, bool takesOver, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO update_log (channel, update_id, recorded_at, state) VALUES (@c, @id, @at, 0) ON CONFLICT (channel, update_id) DO NOTHING",
            connection))
        {
            insert.Parameters.AddWithValue("c", channel);
            insert.Parameters.AddWithValue("id", updateId);
            insert.Parameters.AddWithValue("at", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return UpdateRecord.New;
            }
        }

        // One statement, so two instances seeing the same redelivery agree: the row lock orders them.
        var before = now - (takeOverAfter >= TimeSpan.FromDays(3650) ? TimeSpan.FromDays(36500) : takeOverAfter);
        await using var command = new NpgsqlCommand(
            """
            WITH old AS (
                SELECT state, answer,
                       (state = 0 AND recorded_at < @before) OR (@takes AND state = 1 AND answer IS NULL) AS stale
                FROM update_log WHERE channel = @c AND update_id = @id FOR UPDATE),
            changed AS (
                UPDATE update_log u SET
                    state = CASE WHEN old.stale THEN 0 ELSE u.state END,
                    recorded_at = CASE WHEN old.stale THEN @at ELSE u.recorded_at END,
                    redelivered = CASE WHEN old.stale THEN FALSE WHEN old.state = 0 THEN TRUE ELSE u.redelivered END
                FROM old WHERE u.channel = @c AND u.update_id = @id AND (old.state = 0 OR old.stale))
            SELECT state, answer, stale FROM old
            """,
            connection);
        command.Parameters.AddWithValue("c", channel);
        command.Parameters.AddWithValue("id", updateId);
        command.Parameters.AddWithValue("at", now);
        command.Parameters.AddWithValue("before", before.ToUniversalTime());
        // An inline answer's text lives in the process that answered (see the class): elsewhere the turn runs again.
        command.Parameters.AddWithValue("takes", takesOver);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return UpdateRecord.New;
        }

        var state = (UpdateState)reader.GetInt16(0);
        if (reader.GetBoolean(2))
        {
            return UpdateRecord.New;
        }

        return new UpdateRecord(state, state == UpdateState.Answered && !reader.IsDBNull(1) ? reader.GetString(1) : null);
    }

    public async ValueTask<UpdateState> SaveAnswerAsync(string channel, string updateId, string answer, bool queue, CancellationToken cancellationToken = default)
    {
        var state = await SaveInDatabaseAsync(channel, updateId, answer, queue, cancellationToken).ConfigureAwait(false);
        if (state == UpdateState.Answered && _recent.TryGet(channel, updateId, out var turn))
        {
            turn.Answer = answer;
        }
        else
        {
            _recent.Forget(channel, updateId);
        }

        return state;
    }

    private async ValueTask<UpdateState> SaveInDatabaseAsync(string channel, string updateId, string answer, bool queue, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The text is stored only when it waits for the API sender (queued, or redelivered while the turn ran).
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO update_log (channel, update_id, recorded_at, state, answer) VALUES (@c, @id, @at, CASE WHEN @q THEN 2 ELSE 1 END, CASE WHEN @q THEN @a END)
            ON CONFLICT (channel, update_id) DO UPDATE SET
                answer = CASE WHEN @q OR update_log.redelivered THEN @a END, lease_owner = NULL, lease_until = NULL,
                state = CASE WHEN @q OR update_log.redelivered THEN 2 ELSE 1 END
            RETURNING state
            """,
            connection);
        command.Parameters.AddWithValue("c", channel);
        command.Parameters.AddWithValue("id", updateId);
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        command.Parameters.AddWithValue("q", queue);
        command.Parameters.AddWithValue("a", answer);
        return (UpdateState)Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask<IReadOnlyList<QueuedAnswer>> ClaimQueuedAsync(string channel, string owner, int limit, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            UPDATE update_log u SET lease_owner = @o, lease_until = @lu
            FROM (SELECT channel, update_id FROM update_log
                  WHERE channel = @c AND state = 2 AND (lease_until IS NULL OR lease_until < @now)
                  ORDER BY recorded_at LIMIT @n FOR UPDATE SKIP LOCKED) s
            WHERE u.channel = s.channel AND u.update_id = s.update_id
            RETURNING u.update_id, u.answer
            """,
            connection);
        command.Parameters.AddWithValue("o", owner);
        command.Parameters.AddWithValue("lu", leaseUntil.ToUniversalTime());
        command.Parameters.AddWithValue("c", channel);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("n", limit);
        var claimed = new List<QueuedAnswer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new QueuedAnswer(reader.GetString(0), reader.IsDBNull(1) ? string.Empty : reader.GetString(1)));
        }

        return claimed;
    }

    public ValueTask MarkDeliveredAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE update_log SET state = 3, answer = NULL, lease_owner = NULL, lease_until = NULL WHERE channel = @c AND update_id = ANY(@ids)", channel, updateIds, cancellationToken);

    public ValueTask ReleaseAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE update_log SET lease_owner = NULL, lease_until = NULL WHERE channel = @c AND update_id = ANY(@ids) AND state = 2", channel, updateIds, cancellationToken);

    public async ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Queued answers stay until they are sent, however old.
        await using var command = new NpgsqlCommand("DELETE FROM update_log WHERE recorded_at < @t AND state <> 2", connection);
        command.Parameters.AddWithValue("t", olderThan.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async ValueTask UpdateAsync(string sql, string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken)
    {
        if (updateIds.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("c", channel);
        command.Parameters.AddWithValue("ids", updateIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The opt-in unanswered-question log (already redacted by the engine, no link to the person).</summary>
internal sealed class PostgresQuestionLog(PostgresDatabase database) : IQuestionLog
{
    public async ValueTask AppendAsync(UnansweredQuestion question, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("INSERT INTO question_log (channel, locale, redacted_text, at) VALUES (@c, @l, @t, @at)", connection);
        command.Parameters.AddWithValue("c", question.Channel);
        command.Parameters.AddWithValue("l", question.Locale);
        command.Parameters.AddWithValue("t", question.RedactedText);
        command.Parameters.AddWithValue("at", question.At.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<UnansweredQuestion>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT channel, locale, redacted_text, at, id FROM question_log ORDER BY at DESC, id DESC LIMIT @n", connection);
        command.Parameters.AddWithValue("n", limit);
        var items = new List<UnansweredQuestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new UnansweredQuestion(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4)));
        }

        return items;
    }

    public async ValueTask<int> DeleteAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken = default)
    {
        if (ids is { Count: 0 })
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = ids is null
            ? new NpgsqlCommand("DELETE FROM question_log", connection)
            : new NpgsqlCommand("DELETE FROM question_log WHERE id = ANY(@ids)", connection);
        if (ids is not null)
        {
            command.Parameters.AddWithValue("ids", ids.ToArray());
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
