using Microsoft.Data.Sqlite;
using Npgsql;
using OptOutBot.Storage.Postgres;

namespace OptOutBot.Storage;

/// <summary>For readiness: can the configured store be reached right now? Opens a fresh connection, never a pooled one.</summary>
public abstract class StorageProbe
{
    /// <summary>"sqlite" or "postgres".</summary>
    public abstract string Provider { get; }

    /// <summary>Null when the store answered; otherwise a short reason without connection details.</summary>
    public abstract Task<string?> ProbeAsync(CancellationToken cancellationToken = default);

    internal sealed class Sqlite(string path) : StorageProbe
    {
        public override string Provider => "sqlite";

        public override async Task<string?> ProbeAsync(CancellationToken cancellationToken = default)
        {
            if (!File.Exists(path))
            {
                return "the SQLite file is missing";
            }

            try
            {
                var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
                await using var connection = new SqliteConnection(builder.ToString());
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
                await command.ExecuteScalarAsync(cancellationToken);
                return null;
            }
            catch (SqliteException ex)
            {
                return "SQLite error " + ex.SqliteErrorCode;
            }
        }
    }

    internal sealed class Postgres(PostgresDatabase database) : StorageProbe
    {
        public override string Provider => "postgres";

        public override async Task<string?> ProbeAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return null;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return "PostgreSQL unreachable (" + ex.GetType().Name + ")";
            }
        }
    }
}
