using Microsoft.Data.Sqlite;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;
using OptOutBot.Storage.Privacy;
using static OptOutBot.Storage.Broadcasts.OutboxRow;

namespace OptOutBot.Storage.Broadcasts;

/// <summary>
/// Subscriptions and the outbox in one SQLite file, so planning a broadcast (the broadcast row plus one outbox row per
/// subscriber) and auto-unsubscribing a gone recipient are single transactions. The subscriber's user id is kept as a
/// keyed hash (only /mydata and /forget look it up); the address stays in clear, since reminders must reach it.
/// </summary>
internal sealed class SqliteBroadcastStore(SqliteBroadcastDatabase database) : ISubscriptionStore, IOutboxStore, IOutboxRetention
{
    public async ValueTask<bool> AddAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO subscriptions (channel, address, topic, scope, locale, user_id, created_at)
            VALUES ($channel, $address, $topic, $scope, $locale, $user, $at)
            ON CONFLICT (channel, address, topic) DO NOTHING;
            """;
        command.Parameters.AddWithValue("$channel", subscription.Address.Channel);
        command.Parameters.AddWithValue("$address", subscription.Address.Value);
        command.Parameters.AddWithValue("$topic", subscription.Topic ?? "");
        command.Parameters.AddWithValue("$scope", (int)subscription.Scope);
        command.Parameters.AddWithValue("$locale", subscription.Locale);
        command.Parameters.AddWithValue("$user", database.Ids.Hash(subscription.User.Channel, subscription.User.UserId));
        command.Parameters.AddWithValue("$at", UnixMs.From(subscription.CreatedAt));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return true;
        }

        // Already subscribed: a /subscribe in another language switches the reminders to it.
        command.CommandText = "UPDATE subscriptions SET locale = $locale WHERE channel = $channel AND address = $address AND topic = $topic";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return false;
    }

    public async ValueTask<int> RemoveAsync(ChannelAddress address, string? topic, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = topic is null
            ? "DELETE FROM subscriptions WHERE channel = $channel AND address = $address"
            : "DELETE FROM subscriptions WHERE channel = $channel AND address = $address AND topic = $topic";
        command.Parameters.AddWithValue("$channel", address.Channel);
        command.Parameters.AddWithValue("$address", address.Value);
        command.Parameters.AddWithValue("$topic", topic ?? "");
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Subscription>> ListForUserAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(user.UserId))
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT address, topic, scope, locale, created_at FROM subscriptions WHERE channel = $channel AND user_id = $user ORDER BY created_at";
        command.Parameters.AddWithValue("$channel", user.Channel);
        command.Parameters.AddWithValue("$user", database.Ids.Hash(user.Channel, user.UserId));
        var result = new List<Subscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var topic = reader.GetString(1);
            result.Add(new Subscription(user, new ChannelAddress(user.Channel, reader.GetString(0)), (ConversationScope)reader.GetInt32(2), reader.GetString(3), topic.Length == 0 ? null : topic, UnixMs.To(reader.GetInt64(4))));
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
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // The outbox first (it finds rows through the private subscriptions), then the subscriptions; groups keep theirs, unlinked.
        var (fold, delete) = OutboxErasure.Sql(OutboxErasure.PersonCondition, "$");
        command.Parameters.AddWithValue("$channel", user.Channel);
        command.Parameters.AddWithValue("$user", database.Ids.Hash(user.Channel, user.UserId));
        command.CommandText = fold;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = delete;
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = """
            DELETE FROM subscriptions WHERE channel = $channel AND user_id = $user AND scope = 0;
            UPDATE subscriptions SET user_id = '' WHERE channel = $channel AND user_id = $user;
            """;
        changed += await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await database.File.CheckpointAsync(cancellationToken);
        return changed;
    }

    public async ValueTask<IReadOnlyList<RecipientCount>> CountRecipientsAsync(string? topic, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT channel, locale, COUNT(*) FROM ({RecipientsSql(topic)}) GROUP BY channel, locale";
        command.Parameters.AddWithValue("$topic", topic ?? "");
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
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel, topic, COUNT(*) FROM subscriptions GROUP BY channel, topic ORDER BY channel, topic";
        var result = new List<SubscriptionCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var topic = reader.GetString(1);
            result.Add(new SubscriptionCount(reader.GetString(0), topic.Length == 0 ? null : topic, reader.GetInt32(2)));
        }

        return result;
    }

    /// <summary>One row per address: an address subscribed to everything and to the topic gets one message, in its latest language.</summary>
    private static string RecipientsSql(string? topic) =>
        $"SELECT channel, address, scope, locale, MAX(created_at) AS created_at, MAX(CASE WHEN scope = 0 THEN user_id ELSE '' END) AS user_id FROM subscriptions {(topic is null ? "" : "WHERE topic = '' OR topic = $topic")} GROUP BY channel, address";

    public async ValueTask<PlanResult> PlanAsync(BroadcastDraft draft, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO broadcasts (key, kind, topic, content, created_at) VALUES ($key, $kind, $topic, $content, $at)
            ON CONFLICT (key) DO NOTHING RETURNING id;
            """;
        insert.Parameters.AddWithValue("$key", draft.Key);
        insert.Parameters.AddWithValue("$kind", (int)draft.Kind);
        insert.Parameters.AddWithValue("$topic", (object?)draft.Topic ?? DBNull.Value);
        insert.Parameters.AddWithValue("$content", draft.Content.ToJson());
        insert.Parameters.AddWithValue("$at", UnixMs.From(draft.CreatedAt));
        var id = await insert.ExecuteScalarAsync(cancellationToken);
        if (id is null)
        {
            await using var existing = connection.CreateCommand();
            existing.Transaction = transaction;
            existing.CommandText = "SELECT id, total FROM broadcasts WHERE key = $key";
            existing.Parameters.AddWithValue("$key", draft.Key);
            await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var result = new PlanResult(reader.GetInt64(0), false, reader.GetInt32(1));
            await reader.DisposeAsync();
            await transaction.CommitAsync(cancellationToken);
            return result;
        }

        var broadcastId = Convert.ToInt64(id);
        await using var fanOut = connection.CreateCommand();
        fanOut.Transaction = transaction;
        fanOut.CommandText = $"""
            INSERT INTO outbox (broadcast_id, channel, address, scope, locale, state, due_at, updated_at, user_id)
            SELECT $id, channel, address, scope, locale, {Pending}, $at, $at, user_id FROM ({RecipientsSql(draft.Topic)});
            UPDATE broadcasts SET total = changes() WHERE id = $id;
            """;
        fanOut.Parameters.AddWithValue("$id", broadcastId);
        fanOut.Parameters.AddWithValue("$topic", draft.Topic ?? "");
        fanOut.Parameters.AddWithValue("$at", UnixMs.From(draft.CreatedAt));
        await fanOut.ExecuteNonQueryAsync(cancellationToken);
        await using var total = connection.CreateCommand();
        total.Transaction = transaction;
        total.CommandText = "SELECT total FROM broadcasts WHERE id = $id";
        total.Parameters.AddWithValue("$id", broadcastId);
        var recipients = Convert.ToInt32(await total.ExecuteScalarAsync(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new PlanResult(broadcastId, true, recipients);
    }

    public async ValueTask<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, string channel, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One statement = one write transaction: SQLite's single writer makes the claim exclusive across processes.
        command.CommandText = $"""
            UPDATE outbox SET state = {InFlight}, claimed_by = $owner, due_at = $lease, updated_at = $now
            WHERE id IN (
                SELECT id FROM outbox
                WHERE channel = $channel AND state IN ({Pending}, {InFlight}) AND due_at <= $now
                ORDER BY due_at, id LIMIT $limit)
            RETURNING id, broadcast_id, address, scope, locale, attempts, parts_sent;
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$lease", UnixMs.From(leaseUntil));
        command.Parameters.AddWithValue("$now", UnixMs.From(now));
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$limit", limit);
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
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE outbox SET due_at = $lease
            WHERE id IN (SELECT value FROM json_each($ids)) AND state = {InFlight} AND claimed_by = $owner
            """;
        command.Parameters.AddWithValue("$lease", UnixMs.From(leaseUntil));
        command.Parameters.AddWithValue("$ids", "[" + string.Join(',', ids) + "]");
        command.Parameters.AddWithValue("$owner", owner);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask CompleteAsync(string owner, IReadOnlyList<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;

        // Only rows still in flight for this owner: an outcome never resurrects a row another instance already finished
        // or took over after the lease lapsed.
        update.CommandText = $"""
            UPDATE outbox SET state = $state, attempts = attempts + $attempt, retries = retries + $retry,
                due_at = $due, last_error = $error, claimed_by = NULL, updated_at = $now,
                parts_sent = MAX(parts_sent, COALESCE($parts, 0))
            WHERE id = $id AND state = {InFlight} AND claimed_by = $owner
            """;
        var state = update.Parameters.Add("$state", SqliteType.Integer);
        var attempt = update.Parameters.Add("$attempt", SqliteType.Integer);
        var retry = update.Parameters.Add("$retry", SqliteType.Integer);
        var due = update.Parameters.Add("$due", SqliteType.Integer);
        var error = update.Parameters.Add("$error", SqliteType.Text);
        var id = update.Parameters.Add("$id", SqliteType.Integer);
        var parts = update.Parameters.Add("$parts", SqliteType.Integer);
        update.Parameters.AddWithValue("$now", UnixMs.From(now));
        update.Parameters.AddWithValue("$owner", owner);
        update.Prepare();

        await using var unsubscribe = connection.CreateCommand();
        unsubscribe.Transaction = transaction;
        unsubscribe.CommandText = "DELETE FROM subscriptions WHERE channel = $channel AND address = $address";
        var channel = unsubscribe.Parameters.Add("$channel", SqliteType.Text);
        var address = unsubscribe.Parameters.Add("$address", SqliteType.Text);

        foreach (var outcome in outcomes)
        {
            (state.Value, attempt.Value, retry.Value) = Change(outcome.Kind);
            due.Value = UnixMs.From(outcome.NextAttemptAt ?? now);
            error.Value = (object?)outcome.Error ?? DBNull.Value;
            id.Value = outcome.Id;
            parts.Value = (object?)outcome.PartsSent ?? DBNull.Value;
            await update.ExecuteNonQueryAsync(cancellationToken);

            if (outcome.Kind == OutcomeKind.Gone)
            {
                channel.Value = outcome.Address.Channel;
                address.Value = outcome.Address.Value;
                await unsubscribe.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask<BroadcastContent?> GetContentAsync(long broadcastId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT content FROM broadcasts WHERE id = $id";
        command.Parameters.AddWithValue("$id", broadcastId);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? BroadcastContent.FromJson(json) : null;
    }

    public async ValueTask<IReadOnlyList<BroadcastStats>> ListStatsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT b.id, b.key, b.kind, b.topic, b.created_at, b.total,
                   COALESCE(SUM(o.state = {Pending}), 0), COALESCE(SUM(o.state = {InFlight}), 0), b.purged_sent + COALESCE(SUM(o.state = {Sent}), 0),
                   b.purged_retried + COALESCE(SUM(o.retries), 0), b.purged_gone + COALESCE(SUM(o.state = {Gone}), 0), b.purged_failed + COALESCE(SUM(o.state = {Failed}), 0)
            FROM (SELECT * FROM broadcasts ORDER BY id DESC LIMIT $limit) b
            LEFT JOIN outbox o ON o.broadcast_id = b.id
            GROUP BY b.id ORDER BY b.id DESC
            """;
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<BroadcastStats>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new BroadcastStats(
                reader.GetInt64(0), reader.GetString(1), (BroadcastKind)reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                UnixMs.To(reader.GetInt64(4)), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8),
                reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11)));
        }

        return result;
    }

    public async ValueTask<IReadOnlyList<ChannelStats>> ListChannelStatsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT o.broadcast_id, o.channel, SUM(o.state = {Pending}), SUM(o.state = {InFlight}), SUM(o.state = {Sent}), SUM(o.retries), SUM(o.state = {Gone}), SUM(o.state = {Failed})
            FROM outbox o WHERE o.broadcast_id IN (SELECT id FROM broadcasts ORDER BY id DESC LIMIT $limit)
            GROUP BY o.broadcast_id, o.channel ORDER BY o.broadcast_id DESC, o.channel
            """;
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<ChannelStats>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ChannelStats(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)));
        }

        return result;
    }

    public async ValueTask<int> PurgeFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var (fold, delete) = OutboxErasure.Sql(OutboxErasure.FinishedCondition, "$");
        command.Parameters.AddWithValue("$before", UnixMs.From(finishedBefore));
        command.CommandText = fold;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = delete;
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (deleted > 0)
        {
            await database.File.CheckpointAsync(cancellationToken);
        }

        return deleted;
    }

    public async ValueTask<(int Queued, int Finished, DateTimeOffset? LastFinished)> CountForPersonAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = OutboxErasure.CountSql(OutboxErasure.PersonCondition, "$");
        command.Parameters.AddWithValue("$channel", user.Channel);
        command.Parameters.AddWithValue("$user", database.Ids.Hash(user.Channel, user.UserId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.IsDBNull(0) ? 0 : reader.GetInt32(0), reader.IsDBNull(1) ? 0 : reader.GetInt32(1), reader.IsDBNull(2) ? null : UnixMs.To(reader.GetInt64(2)));
    }

    public async ValueTask<IReadOnlyList<ReminderRecord>> ListRemindersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, event_id, offset_key, due_at, event_at, state, broadcast_id, updated_at FROM reminders";
        var result = new List<ReminderRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ReminderRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), UnixMs.To(reader.GetInt64(3)), UnixMs.To(reader.GetInt64(4)),
                (ReminderState)reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), UnixMs.To(reader.GetInt64(7))));
        }

        return result;
    }

    public async ValueTask SaveReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (key, event_id, offset_key, due_at, event_at, state, broadcast_id, updated_at)
            VALUES ($key, $event, $offset, $due, $eventAt, $state, $broadcast, $updated)
            ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at, event_at = excluded.event_at, state = excluded.state,
                broadcast_id = excluded.broadcast_id, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$key", reminder.Key);
        command.Parameters.AddWithValue("$event", reminder.EventId);
        command.Parameters.AddWithValue("$offset", reminder.Offset);
        command.Parameters.AddWithValue("$due", UnixMs.From(reminder.DueAt));
        command.Parameters.AddWithValue("$eventAt", UnixMs.From(reminder.EventAt));
        command.Parameters.AddWithValue("$state", (int)reminder.State);
        command.Parameters.AddWithValue("$broadcast", (object?)reminder.BroadcastId ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated", UnixMs.From(reminder.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
