using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using OptOutBot.Storage.Privacy;

namespace OptOutBot.Storage.Sqlite;

/// <summary>
/// The SQLite file: creates its folder, turns on WAL (readers never wait for the writer), and applies the embedded
/// migrations in order, each once, recorded in <c>schema_migrations</c>. Every connection runs with
/// <c>secure_delete</c>, so a deleted row (a /forget) is overwritten in the file, not merely unlinked.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string? _idHashKey;
    private readonly Lazy<IdHasher> _ids;

    /// <param name="idHashKey">The <c>Storage:IdHashKey</c> setting; null to use (or generate) the key kept in the file.</param>
    public SqliteDatabase(string path, string? idHashKey = null)
    {
        _idHashKey = idHashKey;
        _ids = new Lazy<IdHasher>(LoadIds);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        FilePath = full;
    }

    private static readonly object Initialised = new();
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _initialised = [];

    public string ConnectionString { get; }

    /// <summary>
    /// Writers of this process take turns here rather than in SQLite's busy handler, which sleeps between retries
    /// and turns lock contention into latency spikes. SQLite serves one instance, so an in-process lock suffices.
    /// </summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public string FilePath { get; }

    /// <summary>Hashes the platform ids that are only looked up (conversation state, update log, subscription owners).</summary>
    public IdHasher Ids => _ids.Value;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();

        // Pooled connections keep their settings: configure each physical connection once, not at every open.
        if (connection.Handle is { } handle && !_initialised.TryGetValue(handle, out _))
        {
            using var pragma = connection.CreateCommand();
            // busy_timeout: another process (a CLI verb) may hold the lock briefly; NORMAL is durable enough with WAL.
            // secure_delete: a deleted row's bytes are zeroed, not left readable in the file (privacy: /forget).
            pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;";
            pragma.ExecuteNonQuery();
            _initialised.AddOrUpdate(handle, Initialised);
        }

        return connection;
    }

    /// <summary>Applies pending migrations; returns their names. Safe to call at every start.</summary>
    public IReadOnlyList<string> Migrate()
    {
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
        var applied = new HashSet<long>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT version FROM schema_migrations";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                applied.Add(reader.GetInt64(0));
            }
        }

        var done = new List<string>();
        foreach (var (version, name, sql) in Migrations("Sqlite"))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, datetime('now'))";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$n", name);
            record.ExecuteNonQuery();
            transaction.Commit();
            done.Add(name);
        }

        HashStoredIds(connection);

        return done;
    }

    /// <summary>
    /// Copies the WAL into the file and truncates it, so rows just deleted (a /forget) leave no old page image in
    /// <c>-wal</c>; with <c>secure_delete</c> the file itself holds none either. Best effort: a busy reader makes it a no-op.
    /// </summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Once per file: ids written in clear by versions before 0300 become keyed hashes.</summary>
    private void HashStoredIds(SqliteConnection connection)
    {
        var ids = Ids; // first: it may write the key, in a transaction of its own
        using var transaction = connection.BeginTransaction();
        if (ReadSetting(connection, transaction, IdHashKey.HashedName) is not null)
        {
            return;
        }

        connection.CreateFunction("optoutbot_hash", (string channel, string id) => ids.Hash(channel, id), isDeterministic: true);
        Execute(connection, """
            UPDATE conversation_state SET conversation_id = optoutbot_hash(channel, conversation_id), user_id = optoutbot_hash(channel, user_id);
            UPDATE subscriptions SET user_id = optoutbot_hash(channel, user_id) WHERE user_id <> '';
            UPDATE outbox SET user_id = optoutbot_hash(channel, user_id) WHERE user_id <> '';
            INSERT INTO instance_settings (name, value) VALUES ('ids_hashed', datetime('now'));
            """, transaction);
        transaction.Commit();
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private IdHasher LoadIds()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var hasher = IdHashKey.Resolve(
            _idHashKey,
            ReadSetting(connection, transaction, IdHashKey.KeyName),
            ReadSetting(connection, transaction, IdHashKey.CheckName),
            out var newKey,
            out var newCheck);
        WriteSetting(connection, transaction, IdHashKey.KeyName, newKey);
        WriteSetting(connection, transaction, IdHashKey.CheckName, newCheck);
        transaction.Commit();
        return hasher;
    }

    private static string? ReadSetting(SqliteConnection connection, SqliteTransaction transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM instance_settings WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() as string;
    }

    private static void WriteSetting(SqliteConnection connection, SqliteTransaction transaction, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO instance_settings (name, value) VALUES ($n, $v) ON CONFLICT (name) DO NOTHING";
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    /// <summary>The embedded migration scripts of one provider folder, ordered by their numeric prefix.</summary>
    public static IEnumerable<(long Version, string Name, string Sql)> Migrations(string provider)
    {
        var assembly = typeof(SqliteDatabase).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                var digits = new string(name.TakeWhile(char.IsAsciiDigit).ToArray());
                return (Version: long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture), Name: name, Sql: Read(assembly, n));
            })
            .OrderBy(m => m.Version);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
