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

    /// <summary>
    /// The key of the keyed hashes that stand in for platform ids where the bot only looks people up (conversation
    /// state, update log, subscription owners). Every host of a deployment must share it. Empty: a key is generated
    /// into the database on first run (then the database alone can re-derive hashes of known ids; a key kept
    /// elsewhere, e.g. an environment variable, cannot be read from a stolen database file).
    /// </summary>
    public string? IdHashKey { get; set; }

    /// <summary>Delivered (and gone / failed) outbox rows are deleted this many days after they finished; their counts stay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Storage:DeliveredRetention must be between 00:00:00 (delete at the next hourly run) and 3650.00:00:00 (default 7.00:00:00).")]
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Settings renamed when durations became TimeSpans; a configuration that still uses one is refused at start.</summary>
    internal static readonly Engine.Configuration.RenamedSetting[] Renamed = [new("DeliveredRetentionDays", nameof(DeliveredRetention), "7.00:00:00")];

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

        if (!string.IsNullOrEmpty(IdHashKey) && Privacy.IdHasher.KeyFromSetting(IdHashKey).Length < 32)
        {
            yield return new ValidationResult("Storage:IdHashKey is too short: use at least 32 random bytes, e.g. the output of `openssl rand -base64 32`, the same on every host.");
        }

        if (Provider == "postgres" && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("Storage:PostgresConnectionString is required when Storage:Provider is \"postgres\" (e.g. \"Host=db;Database=optoutbot;Username=bot;Password=…\").");
        }
    }
}
