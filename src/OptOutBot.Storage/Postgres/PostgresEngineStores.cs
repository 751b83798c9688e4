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

/// <summary>Dedupe of redelivered updates across instances: the primary key decides which instance handles one.</summary>
internal sealed class PostgresUpdateLog(PostgresDatabase database, TimeProvider time) : IUpdateLog
{
    public async ValueTask<bool> TryRecordAsync(string channel, string updateId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO update_log (channel, update_id, recorded_at) VALUES (@c, @id, @at) ON CONFLICT (channel, update_id) DO NOTHING",
            connection);
        command.Parameters.AddWithValue("c", channel);
        command.Parameters.AddWithValue("id", database.Ids.Hash(channel, updateId)); // some update ids embed a conversation id
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM update_log WHERE recorded_at < @t", connection);
        command.Parameters.AddWithValue("t", olderThan.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
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
        await using var command = new NpgsqlCommand("SELECT channel, locale, redacted_text, at FROM question_log ORDER BY at DESC, id DESC LIMIT @n", connection);
        command.Parameters.AddWithValue("n", limit);
        var items = new List<UnansweredQuestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new UnansweredQuestion(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return items;
    }
}
