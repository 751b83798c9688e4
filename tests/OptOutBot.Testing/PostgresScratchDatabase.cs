using Npgsql;
using Xunit;
using OptOutBot.Testing.Tools;

namespace OptOutBot.Testing;

/// <summary>A fresh database per test class (created from the test server of TestTools, dropped afterwards), so classes can run in parallel.</summary>
public sealed class PostgresScratchDatabase : IAsyncLifetime
{
    private readonly string? _admin = TestTools.MissingReason(TestTool.Postgres) is null ? TestTools.PostgresConnectionString : null;
    private string _name = "";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_admin))
        {
            return;
        }

        _name = "optoutbot_t_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", connection);
        await create.ExecuteNonQueryAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_name.Length == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
