using System.ComponentModel.DataAnnotations;

namespace OptOutBot.Storage;

/// <summary>Where state lives (section "Storage"): a SQLite file by default, PostgreSQL for several instances.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>"sqlite" (default) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The SQLite file, relative to the repository root; created with its folder on first run.</summary>
    public string SqlitePath { get; set; } = "data/optoutbot.db";

    /// <summary>Npgsql connection string, required when Provider is "postgres".</summary>
    public string? PostgresConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider is not ("sqlite" or "postgres"))
        {
            yield return new ValidationResult($"Storage:Provider must be \"sqlite\" or \"postgres\", not \"{Provider}\".");
        }

        if (Provider == "sqlite" && string.IsNullOrWhiteSpace(SqlitePath))
        {
            yield return new ValidationResult("Storage:SqlitePath must name the database file (e.g. \"data/optoutbot.db\").");
        }

        if (Provider == "postgres" && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("Storage:PostgresConnectionString is required when Storage:Provider is \"postgres\" (e.g. \"Host=db;Database=optoutbot;Username=bot;Password=…\").");
        }
    }
}
