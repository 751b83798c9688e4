using Npgsql;

namespace OptOutBot.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database. Applies the migrations in Migrations/Postgres once per process, under an advisory lock
/// so instances starting together do not race, and records each in <c>schema_migrations</c>.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private const long MigrationLockId = 0x0970_0B07;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresDatabase(string connectionString)
    {
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public NpgsqlDataSource DataSource { get; }

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

            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
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
