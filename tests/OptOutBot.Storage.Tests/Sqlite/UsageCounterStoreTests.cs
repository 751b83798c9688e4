using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Postgres;
using OptOutBot.Storage.Sqlite;
using OptOutBot.Storage.Tests.Postgres;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests.Sqlite;

/// <summary>The console's aggregate counters: the same behaviour on SQLite and PostgreSQL.</summary>
public sealed class UsageCounterStoreTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 12, 1);
    private readonly TempFolder _temp = new();
    private readonly PostgresScratchDatabase _scratch = new();
    private PostgresDatabase? _postgres;

    public async Task InitializeAsync()
    {
        await _scratch.InitializeAsync();
        if (_scratch.ConnectionString.Length > 0)
        {
            _postgres = new PostgresDatabase(_scratch.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        await _scratch.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Sqlite_AddsUp_ListsFromADay_AndPrunes()
    {
        var database = new SqliteDatabase(_temp.File("bot.db"));
        database.Migrate();
        await AddsUpListsAndPrunesAsync(new SqliteUsageCounterStore(database));
    }

    [PostgresFact]
    public Task Postgres_AddsUp_ListsFromADay_AndPrunes() => AddsUpListsAndPrunesAsync(new PostgresUsageCounterStore(_postgres!));

    private static async Task AddsUpListsAndPrunesAsync(IUsageCounterStore store)
    {
        await store.AddAsync([new UsageCount(Day.AddDays(-2), "web", "fr", "topic", "whatsapp", 4), new UsageCount(Day, "web", "fr", "topic", "whatsapp", 2)]);
        await store.AddAsync([new UsageCount(Day, "web", "fr", "topic", "whatsapp", 3), new UsageCount(Day, "telegram", "en", "fallback", "", 1)]);

        Assert.Equal(
            [new UsageCount(Day, "telegram", "en", "fallback", "", 1), new UsageCount(Day, "web", "fr", "topic", "whatsapp", 5)],
            await store.ListAsync(Day));
        Assert.Equal(3, (await store.ListAsync(Day.AddDays(-2))).Count);

        Assert.Equal(1, await store.PruneAsync(Day.AddDays(-1)));
        Assert.Equal(2, (await store.ListAsync(DateOnly.MinValue)).Count);
    }
}
