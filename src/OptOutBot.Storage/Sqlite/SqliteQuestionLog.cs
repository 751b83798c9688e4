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
        command.CommandText = "SELECT channel, locale, text, at, id FROM unanswered_question ORDER BY id DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<UnansweredQuestion>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new UnansweredQuestion(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4)));
        }

        return list;
    }

    public async ValueTask<int> DeleteAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        if (ids is null)
        {
            command.CommandText = "DELETE FROM unanswered_question";
        }
        else
        {
            if (ids.Count == 0)
            {
                return 0;
            }

            // The ids are numbers bound one by one; json_each keeps it one statement whatever their count.
            command.CommandText = "DELETE FROM unanswered_question WHERE id IN (SELECT value FROM json_each($ids))";
            command.Parameters.AddWithValue("$ids", "[" + string.Join(',', ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
