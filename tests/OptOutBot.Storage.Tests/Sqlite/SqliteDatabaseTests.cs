using Microsoft.Data.Sqlite;
using OptOutBot.Storage.Sqlite;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests.Sqlite;

/// <summary>The database file: created on first run, migrated once, in WAL mode.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Migrate_OnAFreshPath_CreatesTheFolderAndTheFile()
    {
        var path = Path.Combine(_temp.Path, "data", "nested", "optoutbot.db");

        var applied = new SqliteDatabase(path).Migrate();

        Assert.True(File.Exists(path));
        Assert.Contains("0001_conversations.sql", applied);
        Assert.Contains("0002_update_log.sql", applied);
        Assert.Contains("0003_unanswered_questions.sql", applied);
        Assert.Equal(SqliteDatabase.Migrations("Sqlite").Select(m => m.Name), applied);
    }

    [Fact]
    public void Migrate_RunTwice_AppliesNothingTheSecondTime()
    {
        var path = _temp.File("bot.db");
        var first = new SqliteDatabase(path).Migrate();

        var second = new SqliteDatabase(path).Migrate();
        var third = new SqliteDatabase(path).Migrate();

        Assert.NotEmpty(first);
        Assert.Empty(second);
        Assert.Empty(third);
        Assert.Equal(first.Count, Scalar<long>(path, "SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Migrate_CreatesTheTablesTheStoresUse()
    {
        var path = _temp.File("bot.db");

        new SqliteDatabase(path).Migrate();

        foreach (var table in new[] { "conversation_state", "update_log", "unanswered_question" })
        {
            Assert.Equal(1L, Scalar<long>(path, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }
    }

    [Fact]
    public void Migrate_TurnsOnWriteAheadLogging()
    {
        var path = _temp.File("bot.db");

        new SqliteDatabase(path).Migrate();

        Assert.Equal("wal", Scalar<string>(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public void Migrations_AreOrderedByNumberWithoutDuplicates()
    {
        var versions = SqliteDatabase.Migrations("Sqlite").Select(m => m.Version).ToList();

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    internal static T Scalar<T>(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    public void Dispose() => _temp.Dispose();
}
