using Npgsql;
using NpgsqlTypes;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;
using OptOutBot.Storage.Privacy;
using static OptOutBot.Storage.Broadcasts.OutboxRow;

namespace OptOutBot.Storage.Postgres;

/// <summary>
/// Subscriptions and the outbox on PostgreSQL. Claims use <c>FOR UPDATE SKIP LOCKED</c>, so any number of instances
/// drain one outbox without waiting on each other and without two of them taking the same row. The subscriber's user id
/// is kept as a keyed hash (only /mydata and /forget look it up); the address stays in clear, since reminders must reach it.
/// </summary>
internal sealed class PostgresBroadcastStore(PostgresDatabase database) : ISubscriptionStore, IOutboxStore, IOutboxRetention
{
    public async ValueTask<bool> AddAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO subscriptions (channel, address, topic, scope, locale, user_id, created_at)
            VALUES (@c, @a, @t, @s, @l, @u, @at)
            ON CONFLICT (channel, address, topic) DO UPDATE SET locale = excluded.locale
            RETURNING (xmax = 0)
            """,
            connection);
        command.Parameters.AddWithValue("c", subscription.Address.Channel);
        command.Parameters.AddWithValue("a", subscription.Address.Value);
        command.Parameters.AddWithValue("t", subscription.Topic ?? "");
        command.Parameters.AddWithValue("s", (int)subscription.Scope);
        command.Parameters.AddWithValue("l", subscription.Locale);
        command.Parameters.AddWithValue("u", database.Ids.Hash(subscription.User.Channel, subscription.User.UserId));
        command.Parameters.AddWithValue("at", subscription.CreatedAt.ToUniversalTime());
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask<int> RemoveAsync(ChannelAddress address, string? topic, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "DELETE FROM subscriptions WHERE channel = @c AND address = @a AND (@t::text IS NULL OR topic = @t)", connection);
        command.Parameters.AddWithValue("c", address.Channel);
        command.Parameters.AddWithValue("a", address.Value);
        command.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = (object?)topic ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Subscription>> ListForUserAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(user.UserId))
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT address, topic, scope, locale, created_at FROM subscriptions WHERE channel = @c AND user_id = @u ORDER BY created_at", connection);
        command.Parameters.AddWithValue("c", user.Channel);
        command.Parameters.AddWithValue("u", database.Ids.Hash(user.Channel, user.UserId));
        var result = new List<Subscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var topic = reader.GetString(1);
            result.Add(new Subscription(user, new ChannelAddress(user.Channel, reader.GetString(0)), (ConversationScope)reader.GetInt32(2), reader.GetString(3), topic.Length == 0 ? null : topic, reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return result;
    }

    public async ValueTask<int> ForgetUserAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(user.UserId))
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var hashed = database.Ids.Hash(user.Channel, user.UserId);

        // The outbox first (it finds rows through the private subscriptions), then the subscriptions; groups keep theirs, unlinked.
        var (fold, deleteRows) = OutboxErasure.Sql(OutboxErasure.PersonCondition, "@");
        await using var outbox = new NpgsqlCommand(fold, connection, transaction);
        outbox.Parameters.AddWithValue("channel", user.Channel);
        outbox.Parameters.AddWithValue("user", hashed);
        await outbox.ExecuteNonQueryAsync(cancellationToken);
        outbox.CommandText = deleteRows;
        var changed = await outbox.ExecuteNonQueryAsync(cancellationToken);
        await using var delete = new NpgsqlCommand("DELETE FROM subscriptions WHERE channel = @c AND user_id = @u AND scope = 0", connection, transaction);
        delete.Parameters.AddWithValue("c", user.Channel);
        delete.Parameters.AddWithValue("u", hashed);
        changed += await delete.ExecuteNonQueryAsync(cancellationToken);
        await using var unlink = new NpgsqlCommand("UPDATE subscriptions SET user_id = '' WHERE channel = @c AND user_id = @u", connection, transaction);
        unlink.Parameters.AddWithValue("c", user.Channel);
        unlink.Parameters.AddWithValue("u", hashed);
        changed += await unlink.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public async ValueTask<IReadOnlyList<RecipientCount>> CountRecipientsAsync(string? topic, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT channel, locale, COUNT(*)::int FROM ({RecipientsSql}) r GROUP BY channel, locale", connection);
        command.Parameters.Add(new NpgsqlParameter("topic", NpgsqlDbType.Text) { Value = (object?)topic ?? DBNull.Value });
        var result = new List<RecipientCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new RecipientCount(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return result;
    }

    public async ValueTask<IReadOnlyList<SubscriptionCount>> CountSubscriptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT channel, topic, COUNT(*)::int FROM subscriptions GROUP BY channel, topic ORDER BY channel, topic", connection);
        var result = new List<SubscriptionCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var topic = reader.GetString(1);
            result.Add(new SubscriptionCount(reader.GetString(0), topic.Length == 0 ? null : topic, reader.GetInt32(2)));
        }

        return result;
    }

    /// <summary>One row per address, in the language of its latest subscription.</summary>
    private const string RecipientsSql = """
        SELECT DISTINCT ON (channel, address) channel, address, scope, locale, CASE WHEN scope = 0 THEN user_id ELSE '' END AS user_id
        FROM subscriptions WHERE @topic::text IS NULL OR topic = '' OR topic = @topic
        ORDER BY channel, address, created_at DESC
        """;

    public async ValueTask<PlanResult> PlanAsync(BroadcastDraft draft, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO broadcasts (key, kind, topic, content, created_at) VALUES (@key, @kind, @topic, @content, @at) ON CONFLICT (key) DO NOTHING RETURNING id",
            connection,
            transaction);
        insert.Parameters.AddWithValue("key", draft.Key);
        insert.Parameters.AddWithValue("kind", (int)draft.Kind);
        insert.Parameters.Add(new NpgsqlParameter("topic", NpgsqlDbType.Text) { Value = (object?)draft.Topic ?? DBNull.Value });
        insert.Parameters.AddWithValue("content", draft.Content.ToJson());
        insert.Parameters.AddWithValue("at", draft.CreatedAt.ToUniversalTime());
        var id = await insert.ExecuteScalarAsync(cancellationToken);
        if (id is null)
        {
            await using var existing = new NpgsqlCommand("SELECT id, total FROM broadcasts WHERE key = @key", connection, transaction);
            existing.Parameters.AddWithValue("key", draft.Key);
            long existingId;
            int total;
            await using (var reader = await existing.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                existingId = reader.GetInt64(0);
                total = reader.GetInt32(1);
            }

            await transaction.CommitAsync(cancellationToken);
            return new PlanResult(existingId, false, total);
        }

        var broadcastId = (long)id;
        await using var fanOut = new NpgsqlCommand(
            $"INSERT INTO outbox (broadcast_id, channel, address, scope, locale, state, due_at, updated_at, user_id) SELECT @id, channel, address, scope, locale, {Pending}, @at, @at, user_id FROM ({RecipientsSql}) r",
            connection,
            transaction);
        fanOut.Parameters.AddWithValue("id", broadcastId);
        fanOut.Parameters.Add(new NpgsqlParameter("topic", NpgsqlDbType.Text) { Value = (object?)draft.Topic ?? DBNull.Value });
        fanOut.Parameters.AddWithValue("at", draft.CreatedAt.ToUniversalTime());
        var recipients = await fanOut.ExecuteNonQueryAsync(cancellationToken);
        await using var setTotal = new NpgsqlCommand("UPDATE broadcasts SET total = @n WHERE id = @id", connection, transaction);
        setTotal.Parameters.AddWithValue("n", recipients);
        setTotal.Parameters.AddWithValue("id", broadcastId);
        await setTotal.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PlanResult(broadcastId, true, recipients);
    }

    public async ValueTask<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, string channel, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE outbox o SET state = {InFlight}, claimed_by = @owner, due_at = @lease, updated_at = @now
            FROM (SELECT id FROM outbox
                  WHERE channel = @channel AND state IN ({Pending}, {InFlight}) AND due_at <= @now
                  ORDER BY due_at, id LIMIT @limit
                  FOR UPDATE SKIP LOCKED) c
            WHERE o.id = c.id
            RETURNING o.id, o.broadcast_id, o.address, o.scope, o.locale, o.attempts, o.parts_sent
            """,
            connection);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("lease", leaseUntil.ToUniversalTime());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("channel", channel);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadClaimedAsync(reader, channel, limit, cancellationToken);
    }

    public async ValueTask<int> RenewAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"UPDATE outbox SET due_at = @lease WHERE id = ANY(@ids) AND state = {InFlight} AND claimed_by = @owner",
            connection);
        command.Parameters.AddWithValue("lease", leaseUntil.ToUniversalTime());
        command.Parameters.AddWithValue("ids", ids.Order().ToArray());
        command.Parameters.AddWithValue("owner", owner);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask CompleteAsync(string owner, IReadOnlyList<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var n = outcomes.Count;
        var ids = new long[n];
        var states = new int[n];
        var attempts = new int[n];
        var retries = new int[n];
        var dues = new DateTimeOffset[n];
        var errors = new string?[n];
        var parts = new int[n];
        var goneChannels = new List<string>();
        var goneAddresses = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var o = outcomes[i];
            ids[i] = o.Id;
            (states[i], attempts[i], retries[i]) = Change(o.Kind);
            dues[i] = (o.NextAttemptAt ?? now).ToUniversalTime();
            errors[i] = o.Error;
            parts[i] = o.PartsSent ?? 0;
            if (o.Kind == OutcomeKind.Gone)
            {
                goneChannels.Add(o.Address.Channel);
                goneAddresses.Add(o.Address.Value);
            }
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            $"""
            UPDATE outbox o SET state = u.state, attempts = o.attempts + u.attempt, retries = o.retries + u.retry,
                due_at = u.due, last_error = u.error, claimed_by = NULL, updated_at = @now,
                parts_sent = GREATEST(o.parts_sent, u.parts)
            FROM unnest(@ids, @states, @attempts, @retries, @dues, @errors, @parts) AS u(id, state, attempt, retry, due, error, parts)
            WHERE o.id = u.id AND o.state = {InFlight} AND o.claimed_by = @owner
            """,
            connection,
            transaction);
        update.Parameters.AddWithValue("now", now.ToUniversalTime());
        update.Parameters.AddWithValue("owner", owner);
        update.Parameters.AddWithValue("ids", ids);
        update.Parameters.AddWithValue("states", states);
        update.Parameters.AddWithValue("attempts", attempts);
        update.Parameters.AddWithValue("retries", retries);
        update.Parameters.Add(new NpgsqlParameter("dues", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = dues });
        update.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = errors });
        update.Parameters.AddWithValue("parts", parts);
        await update.ExecuteNonQueryAsync(cancellationToken);

        if (goneChannels.Count > 0)
        {
            await using var unsubscribe = new NpgsqlCommand(
                "DELETE FROM subscriptions s USING unnest(@channels, @addresses) AS g(channel, address) WHERE s.channel = g.channel AND s.address = g.address",
                connection,
                transaction);
            unsubscribe.Parameters.AddWithValue("channels", goneChannels.ToArray());
            unsubscribe.Parameters.AddWithValue("addresses", goneAddresses.ToArray());
            await unsubscribe.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask<BroadcastContent?> GetContentAsync(long broadcastId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT content FROM broadcasts WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", broadcastId);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? BroadcastContent.FromJson(json) : null;
    }

    public async ValueTask<int> PurgeFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (fold, delete) = OutboxErasure.Sql(OutboxErasure.FinishedCondition, "@");
        await using var command = new NpgsqlCommand(fold, connection, transaction);
        command.Parameters.AddWithValue("before", finishedBefore.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = delete;
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async ValueTask<(int Queued, int Finished, DateTimeOffset? LastFinished)> CountForPersonAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(OutboxErasure.CountSql(OutboxErasure.PersonCondition, "@"), connection);
        command.Parameters.AddWithValue("channel", user.Channel);
        command.Parameters.AddWithValue("user", database.Ids.Hash(user.Channel, user.UserId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.IsDBNull(0) ? 0 : (int)reader.GetInt64(0), reader.IsDBNull(1) ? 0 : (int)reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    public async ValueTask<IReadOnlyList<BroadcastStats>> ListStatsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT b.id, b.key, b.kind, b.topic, b.created_at, b.total,
                   COUNT(o.id) FILTER (WHERE o.state = {Pending})::int, COUNT(o.id) FILTER (WHERE o.state = {InFlight})::int,
                   (b.purged_sent + COUNT(o.id) FILTER (WHERE o.state = {Sent}))::int, (b.purged_retried + COALESCE(SUM(o.retries), 0))::int,
                   (b.purged_gone + COUNT(o.id) FILTER (WHERE o.state = {Gone}))::int, (b.purged_failed + COUNT(o.id) FILTER (WHERE o.state = {Failed}))::int
            FROM (SELECT * FROM broadcasts ORDER BY id DESC LIMIT @limit) b
            LEFT JOIN outbox o ON o.broadcast_id = b.id
            GROUP BY b.id, b.key, b.kind, b.topic, b.created_at, b.total, b.purged_sent, b.purged_retried, b.purged_gone, b.purged_failed ORDER BY b.id DESC
            """,
            connection);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<BroadcastStats>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new BroadcastStats(
                reader.GetInt64(0), reader.GetString(1), (BroadcastKind)reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8),
                reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11)));
        }

        return result;
    }

    public async ValueTask<IReadOnlyList<ChannelStats>> ListChannelStatsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT o.broadcast_id, o.channel, COUNT(*) FILTER (WHERE o.state = {Pending})::int, COUNT(*) FILTER (WHERE o.state = {InFlight})::int,
                   COUNT(*) FILTER (WHERE o.state = {Sent})::int, COALESCE(SUM(o.retries), 0)::int, COUNT(*) FILTER (WHERE o.state = {Gone})::int, COUNT(*) FILTER (WHERE o.state = {Failed})::int
            FROM outbox o WHERE o.broadcast_id IN (SELECT id FROM broadcasts ORDER BY id DESC LIMIT @limit)
            GROUP BY o.broadcast_id, o.channel ORDER BY o.broadcast_id DESC, o.channel
            """,
            connection);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<ChannelStats>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ChannelStats(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)));
        }

        return result;
    }

    public async ValueTask<IReadOnlyList<ReminderRecord>> ListRemindersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT key, event_id, offset_key, due_at, event_at, state, broadcast_id, updated_at FROM reminders", connection);
        var result = new List<ReminderRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ReminderRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
                (ReminderState)reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return result;
    }

    public async ValueTask SaveReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO reminders (key, event_id, offset_key, due_at, event_at, state, broadcast_id, updated_at)
            VALUES (@key, @event, @offset, @due, @eventAt, @state, @broadcast, @updated)
            ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at, event_at = excluded.event_at, state = excluded.state,
                broadcast_id = excluded.broadcast_id, updated_at = excluded.updated_at
            """,
            connection);
        command.Parameters.AddWithValue("key", reminder.Key);
        command.Parameters.AddWithValue("event", reminder.EventId);
        command.Parameters.AddWithValue("offset", reminder.Offset);
        command.Parameters.AddWithValue("due", reminder.DueAt.ToUniversalTime());
        command.Parameters.AddWithValue("eventAt", reminder.EventAt.ToUniversalTime());
        command.Parameters.AddWithValue("state", (int)reminder.State);
        command.Parameters.Add(new NpgsqlParameter("broadcast", NpgsqlDbType.Bigint) { Value = (object?)reminder.BroadcastId ?? DBNull.Value });
        command.Parameters.AddWithValue("updated", reminder.UpdatedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
