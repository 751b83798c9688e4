using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Storage.Privacy;
using OptOutBot.Storage.Sqlite;

namespace OptOutBot.Storage.Broadcasts;

public static class BroadcastStorageServiceCollectionExtensions
{
    /// <summary>Subscriptions and the outbox in the SQLite file at <paramref name="sqlitePath"/> (Storage:SqlitePath).</summary>
    public static IServiceCollection AddSqliteBroadcastStores(this IServiceCollection services, string sqlitePath)
    {
        // The host registers the file's SqliteDatabase first (with Storage:IdHashKey); alone (tests), the file is used as it is.
        services.TryAddSingleton(sp =>
        {
            var file = new SqliteDatabase(sqlitePath);
            file.Migrate();
            return file;
        });
        services.TryAddSingleton(sp => new SqliteBroadcastDatabase(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<SqliteBroadcastStore>();
        services.TryAddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<SqliteBroadcastStore>());
        services.TryAddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqliteBroadcastStore>());
        services.TryAddSingleton<IOutboxRetention>(sp => sp.GetRequiredService<SqliteBroadcastStore>());
        return services;
    }
}
