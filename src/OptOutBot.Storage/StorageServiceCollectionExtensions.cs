using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Configuration;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Broadcasts;
using OptOutBot.Storage.Postgres;
using OptOutBot.Storage.Privacy;
using OptOutBot.Storage.Sqlite;

namespace OptOutBot.Storage;

/// <summary>Registers the store ports for the configured provider.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <param name="contentRoot">The folder a relative <c>Storage:SqlitePath</c> is relative to.</param>
    public static IServiceCollection AddOptOutBotStorage(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(StorageOptions.SectionName);
        services.AddOptions<StorageOptions>().Bind(section).RefuseRenamed(section, StorageOptions.Renamed).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (options.Provider == "postgres")
        {
            return AddPostgres(services, options);
        }

        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var path = storage.SqlitePath;
            var database = new SqliteDatabase(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path), storage.IdHashKey);
            database.Migrate();
            return database;
        });
        services.AddSingleton<SqliteConversationStore>();
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.AddSingleton<IPersonalDataSource>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.AddSingleton<IUpdateLog, SqliteUpdateLog>();
        services.AddSingleton<IQuestionLog, SqliteQuestionLog>();
        services.AddSingleton<IUsageCounterStore, SqliteUsageCounterStore>();
        services.AddSqliteBroadcastStores(Path.IsPathRooted(options.SqlitePath) ? options.SqlitePath : Path.Combine(contentRoot, options.SqlitePath));
        services.AddSingleton<StorageProbe>(sp => new StorageProbe.Sqlite(sp.GetRequiredService<SqliteDatabase>().FilePath));
        services.AddSingleton<IPersonalDataSource, OutboxPersonalData>();
        services.AddHostedService<StorageMaintenance>();
        return services;
    }

    private static IServiceCollection AddPostgres(IServiceCollection services, StorageOptions options)
    {
        services.AddPostgresStorage(options.PostgresConnectionString!, options.IdHashKey);
        services.AddSingleton<StorageProbe>(sp => new StorageProbe.Postgres(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IPersonalDataSource, OutboxPersonalData>();
        services.AddHostedService<StorageMaintenance>();
        return services;
    }
}
