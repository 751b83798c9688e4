using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage.Sqlite;

/// <summary>The opt-in log of unanswered questions (already redacted by the engine; no person is linked).</summary>
public sealed class SqliteQuestionLog(SqliteDatabase database) : IQuestionLog
{
    public async ValueTask AppendAsync(UnansweredQuestion question, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO unanswered_question (channel, locale, text, at) VALUES ($c, $l, $x, $t)";
        command.Parameters.AddWithValue("$c", question.Channel);
        command.Parameters.AddWithValue("$l", question.Locale);
        command.Parameters.AddWithValue("$x", question.RedactedText);
        command.Parameters.AddWithValue("$t", question.At.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<UnansweredQuestion>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel, locale, text, at FROM unanswered_question ORDER BY id DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<UnansweredQuestion>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new UnansweredQuestion(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return list;
    }
}
