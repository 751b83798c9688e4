using OptOutBot.Testing.Tools;

namespace OptOutBot.Storage.Tests.Postgres;

/// <summary>A fact that needs a real PostgreSQL: skipped, with the reason and the enabling command, when none answers.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestTools.MissingReason(TestTool.Postgres) is { } reason)
        {
            Skip = reason;
        }
    }
}
