namespace OptOutBot.Storage.Tests.Postgres;

/// <summary>A fact that needs a real PostgreSQL: skipped, with the reason, when OPTOUTBOT_TEST_POSTGRES is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "OPTOUTBOT_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: run tests/OptOutBot.Storage.Tests/Postgres/setup.sh and set {Variable} to the connection string on its last line.";
        }
    }
}
