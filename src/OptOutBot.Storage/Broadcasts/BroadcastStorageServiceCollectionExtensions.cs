using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;

namespace OptOutBot.Storage.Broadcasts;

public static class BroadcastStorageServiceCollectionExtensions
{
    /// <summary>Subscriptions and the outbox in the SQLite file at <paramref name="sqlitePath"/> (Storage:SqlitePath).</summary>
    public static IServiceCollection AddSqliteBroadcastStores(this IServiceCollection services, string sqlitePath)
    {
        services.TryAddSingleton(new SqliteBroadcastDatabase(sqlitePath));
        services.TryAddSingleton<SqliteBroadcastStore>();
        services.TryAddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<SqliteBroadcastStore>());
        services.TryAddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqliteBroadcastStore>());
        return services;
    }
}
