namespace OptOutBot.Hosting;

/// <summary>
/// The settings every verb reads, in ASP.NET Core's order (later wins): appsettings.json, appsettings.{Environment}.json,
/// user secrets, environment variables, the command line (<c>--Section:Key=value</c>), then test overrides.
/// <c>serve</c> and the terminal verbs build their configuration here, so a setting means the same in both.
/// </summary>
internal static class BotConfiguration
{
    /// <summary>Settings given on the command line (the tokens no verb claimed), set once by <see cref="BotCli"/>.</summary>
    public static IReadOnlyList<string> CommandLine { get; set; } = [];

    public static IConfigurationRoot Build(string contentRoot, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        Apply(builder, contentRoot, CommandLine, overrides);
        return builder.Build();
    }

    /// <param name="userSecretsFile">A secrets.json to read instead of the user's own (tests only).</param>
    public static void Apply(
        IConfigurationBuilder builder,
        string contentRoot,
        IReadOnlyList<string> commandLine,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        string? userSecretsFile = null)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        builder.Sources.Clear();
        builder.SetBasePath(contentRoot)
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true);
        if (userSecretsFile is null)
        {
            builder.AddUserSecrets(typeof(BotConfiguration).Assembly, optional: true);
        }
        else
        {
            builder.AddJsonFile(userSecretsFile, optional: false);
        }

        builder.AddEnvironmentVariables()
            .AddCommandLine([.. commandLine])
            .AddInMemoryCollection(overrides ?? []);
    }
}
