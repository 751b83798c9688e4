using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace OptOutBot.Storage.Sqlite;

/// <summary>
/// The SQLite file: creates its folder, turns on WAL (readers never wait for the writer), and applies the embedded
/// migrations in order, each once, recorded in <c>schema_migrations</c>.
/// </summary>
public sealed class SqliteDatabase
{
    public SqliteDatabase(string path)
    {
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

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();

        // Pooled connections keep their settings: configure each physical connection once, not at every open.
        if (connection.Handle is { } handle && !_initialised.TryGetValue(handle, out _))
        {
            using var pragma = connection.CreateCommand();
            // busy_timeout: another process (a CLI verb) may hold the lock briefly; NORMAL is durable enough with WAL.
            // secure_delete: what /forget erases is overwritten in the file, not left readable in free pages.
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

        return done;
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
