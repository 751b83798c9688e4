namespace OptOutBot.Hosting;

/// <summary>The settings every verb reads: appsettings.json at the repository root, user secrets, environment variables.</summary>
internal static class BotConfiguration
{
    public static IConfigurationRoot Build(string contentRoot, IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddUserSecrets(typeof(BotConfiguration).Assembly, optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? [])
            .Build();
}
