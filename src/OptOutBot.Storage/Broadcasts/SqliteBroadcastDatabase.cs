using Microsoft.Data.Sqlite;
using OptOutBot.Storage.Privacy;
using OptOutBot.Storage.Sqlite;

namespace OptOutBot.Storage.Broadcasts;

/// <summary>
/// Opens connections to the SQLite file in WAL mode (readers never block the writer; a process crash loses no committed
/// transaction) with <c>secure_delete</c> on, and makes sure the schema is current through the file's one migration
/// runner (<see cref="SqliteDatabase.Migrate"/>), so this and the host always agree on the schema and the id hash key.
/// </summary>
internal sealed class SqliteBroadcastDatabase
{
    private readonly string _connectionString;
    private readonly Lock _schemaLock = new();
    private volatile bool _schemaReady;

    public SqliteBroadcastDatabase(string path, string? idHashKey = null)
        : this(new SqliteDatabase(path, idHashKey))
    {
    }

    public SqliteBroadcastDatabase(SqliteDatabase file)
    {
        File = file;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file.FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The same file as the engine's stores: its migrations, its id hasher, its checkpoint.</summary>
    public SqliteDatabase File { get; }

    /// <summary>The file's id hasher (its key lives in the file, so the schema comes first).</summary>
    public IdHasher Ids
    {
        get
        {
            EnsureSchema();
            return File.Ids;
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        EnsureSchema();

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();

        // NORMAL is durable across process crashes in WAL mode (only an OS crash or power loss can undo the last commits).
        // secure_delete: a deleted outbox row or subscription is zeroed in the file (privacy: /forget, retention).
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private void EnsureSchema()
    {
        if (_schemaReady)
        {
            return;
        }

        lock (_schemaLock)
        {
            if (!_schemaReady)
            {
                File.Migrate();
                _schemaReady = true;
            }
        }
    }
}

internal static class UnixMs
{
    public static long From(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset To(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
