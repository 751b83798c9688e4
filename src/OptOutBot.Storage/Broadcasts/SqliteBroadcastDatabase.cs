using System.Reflection;
using Microsoft.Data.Sqlite;

namespace OptOutBot.Storage.Broadcasts;

/// <summary>
/// Opens connections to the SQLite file in WAL mode (readers never block the writer; a process crash loses no committed
/// transaction) and makes sure the broadcast tables exist. The scripts are idempotent, so this and the host's migration
/// runner can both apply them.
/// </summary>
internal sealed class SqliteBroadcastDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteBroadcastDatabase(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();

        // NORMAL is durable across process crashes in WAL mode (only an OS crash or power loss can undo the last commits).
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var script in Scripts("Sqlite"))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = script;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>This module's scripts (numbered 0100–0199, idempotent, run at every start) in order; other numbers belong to the migrator.</summary>
    internal static IEnumerable<string> Scripts(string provider)
    {
        var assembly = typeof(SqliteBroadcastDatabase).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[prefix.Length..];
            if (provider == "Sqlite" && !(int.TryParse(file.AsSpan(0, 4), out var number) && number is >= 100 and < 200))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return reader.ReadToEnd();
        }
    }
}

internal static class UnixMs
{
    public static long From(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset To(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
