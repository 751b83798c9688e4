using Npgsql;
using OptOutBot.Storage.Privacy;

namespace OptOutBot.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database. Applies the migrations in Migrations/Postgres once per process, under an advisory lock
/// so instances starting together do not race, and records each in <c>schema_migrations</c>.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private const long MigrationLockId = 0x0970_0B07;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private readonly string? _idHashKey;
    private volatile bool _schemaReady;
    private IdHasher? _ids;

    /// <param name="idHashKey">The <c>Storage:IdHashKey</c> setting; null to use (or generate) the key kept in the database.</param>
    public PostgresDatabase(string connectionString, string? idHashKey = null)
    {
        DataSource = NpgsqlDataSource.Create(connectionString);
        _idHashKey = idHashKey;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Hashes the platform ids that are only looked up; ready once a connection was opened (the schema is then current).</summary>
    public IdHasher Ids => _ids ?? throw new InvalidOperationException("Open a connection first: the id hash key is read with the schema.");

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await MigrateAsync(cancellationToken);
        }

        return await DataSource.OpenConnectionAsync(cancellationToken);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var setup = new NpgsqlCommand(
                "SELECT pg_advisory_xact_lock(@lock); CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());",
                connection,
                transaction))
            {
                setup.Parameters.AddWithValue("lock", MigrationLockId);
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var list = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            foreach (var (version, sql) in Scripts())
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var apply = new NpgsqlCommand(sql + ";\nINSERT INTO schema_migrations (version) VALUES (@version);", connection, transaction);
                apply.Parameters.AddWithValue("version", version);
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            _ids = await LoadIdsAsync(connection, transaction, cancellationToken);
            await HashStoredIdsAsync(connection, transaction, _ids, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task<IdHasher> LoadIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var hasher = IdHashKey.Resolve(
            _idHashKey,
            await ReadSettingAsync(connection, transaction, IdHashKey.KeyName, cancellationToken),
            await ReadSettingAsync(connection, transaction, IdHashKey.CheckName, cancellationToken),
            out var newKey,
            out var newCheck);
        await WriteSettingAsync(connection, transaction, IdHashKey.KeyName, newKey, cancellationToken);
        await WriteSettingAsync(connection, transaction, IdHashKey.CheckName, newCheck, cancellationToken);
        return hasher;
    }

    /// <summary>Once per database, under the migration lock: ids written in clear before 0300 become keyed hashes.</summary>
    private static async Task HashStoredIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IdHasher ids, CancellationToken cancellationToken)
    {
        if (await ReadSettingAsync(connection, transaction, IdHashKey.HashedName, cancellationToken) is not null)
        {
            return;
        }

        // Values are read, hashed here (the key never goes to the server) and written back.
        (string Table, string Column)[] targets =
        [
            ("conversations", "conversation_id"),
            ("conversations", "user_id"),
            ("subscriptions", "user_id"),
            ("outbox", "user_id"),
        ];
        foreach (var (table, column) in targets)
        {
            var rows = new List<(string Channel, string Value)>();
            await using (var read = new NpgsqlCommand($"SELECT DISTINCT channel, {column} FROM {table} WHERE {column} <> ''", connection, transaction))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (channel, value) in rows)
            {
                await using var update = new NpgsqlCommand($"UPDATE {table} SET {column} = @h WHERE channel = @c AND {column} = @v", connection, transaction);
                update.Parameters.AddWithValue("h", ids.Hash(channel, value));
                update.Parameters.AddWithValue("c", channel);
                update.Parameters.AddWithValue("v", value);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await WriteSettingAsync(connection, transaction, IdHashKey.HashedName, "yes", cancellationToken);
    }

    private static async Task<string?> ReadSettingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT value FROM instance_settings WHERE name = @n", connection, transaction);
        command.Parameters.AddWithValue("n", name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task WriteSettingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return;
        }

        await using var command = new NpgsqlCommand("INSERT INTO instance_settings (name, value) VALUES (@n, @v) ON CONFLICT (name) DO NOTHING", connection, transaction);
        command.Parameters.AddWithValue("n", name);
        command.Parameters.AddWithValue("v", value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresDatabase).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.Postgres.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..^4], reader.ReadToEnd());
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
