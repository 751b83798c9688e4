using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Privacy;

namespace OptOutBot.Storage.Postgres;

public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Every store on one PostgreSQL database (Storage:Provider=postgres, Storage:PostgresConnectionString), so any
    /// number of host instances can share it. Migrations run on first use, under an advisory lock.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string? connectionString, string? idHashKey = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Storage:Provider is 'postgres' but Storage:PostgresConnectionString is empty: set it, e.g. \"Host=db;Database=optoutbot;Username=optoutbot;Password=…\".");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new PostgresDatabase(connectionString, idHashKey));
        services.TryAddSingleton<PostgresConversationStore>();
        services.Replace(ServiceDescriptor.Singleton<IConversationStore>(sp => sp.GetRequiredService<PostgresConversationStore>()));
        services.AddSingleton<IPersonalDataSource>(sp => sp.GetRequiredService<PostgresConversationStore>());
        services.Replace(ServiceDescriptor.Singleton<IUpdateLog, PostgresUpdateLog>());
        services.Replace(ServiceDescriptor.Singleton<IQuestionLog, PostgresQuestionLog>());
        services.Replace(ServiceDescriptor.Singleton<IUsageCounterStore, PostgresUsageCounterStore>());
        return services.AddPostgresBroadcastStores();
    }

    /// <summary>Only subscriptions and the outbox on PostgreSQL (requires the <see cref="PostgresDatabase"/> from <see cref="AddPostgresStorage"/>).</summary>
    private static IServiceCollection AddPostgresBroadcastStores(this IServiceCollection services)
    {
        services.TryAddSingleton<PostgresBroadcastStore>();
        services.Replace(ServiceDescriptor.Singleton<ISubscriptionStore>(sp => sp.GetRequiredService<PostgresBroadcastStore>()));
        services.Replace(ServiceDescriptor.Singleton<IOutboxStore>(sp => sp.GetRequiredService<PostgresBroadcastStore>()));
        services.Replace(ServiceDescriptor.Singleton<IOutboxRetention>(sp => sp.GetRequiredService<PostgresBroadcastStore>()));
        return services;
    }
}
