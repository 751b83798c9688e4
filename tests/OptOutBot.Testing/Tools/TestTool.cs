namespace OptOutBot.Testing.Tools;

/// <summary>Something outside the .NET SDK that a group of tests needs; without it the group is skipped, not failed.</summary>
public enum TestTool
{
    /// <summary>The npm telegram-test-api emulator (needs node and npm; installed from the committed lockfile).</summary>
    TelegramEmulator,

    /// <summary>Debian's chromium plus playwright-core (from the committed lockfile) for the browser tests.</summary>
    Chromium,

    /// <summary>A PostgreSQL server with the test role and database of tests/OptOutBot.Storage.Tests/Postgres/setup.sh.</summary>
    Postgres,
}
