using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace OptOutBot.Testing.Tools;

/// <summary>
/// Decides, once per test process, whether each <see cref="TestTool"/> is usable. Where it needs no root it provisions
/// the tool first (<c>npm ci</c> from a committed lockfile); otherwise it gives the reason and the command that enables
/// the group. Skipped groups are also written to <c>skipped-groups.txt</c> in the test output folder, which
/// tests/Directory.Build.targets prints as one line at the end of the project's run.
/// </summary>
public static class TestTools
{
    /// <summary>The one command that installs and starts everything the skippable groups need.</summary>
    public const string EnableCommand = "tests/setup.sh && dotnet test";

    /// <summary>The connection string tests/OptOutBot.Storage.Tests/Postgres/setup.sh creates (overridable by the variable).</summary>
    public const string PostgresVariable = "OPTOUTBOT_TEST_POSTGRES";

    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Database=optoutbot_test;Username=optoutbot_test;Password=optoutbot_test";

    private static readonly ConcurrentDictionary<TestTool, Lazy<string?>> Reasons = new();
    private static readonly object ReportLock = new();

    /// <summary>Null when the tool is ready; otherwise why the group is skipped and how to enable it.</summary>
    public static string? MissingReason(TestTool tool)
    {
        var reason = Reasons.GetOrAdd(tool, t => new Lazy<string?>(() => Probe(t))).Value;
        if (reason is not null)
        {
            RecordSkippedGroup(tool, reason);
        }

        return reason;
    }

    /// <summary>The PostgreSQL admin connection string for tests (only meaningful when <see cref="MissingReason"/> is null).</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } configured ? configured : DefaultPostgres;

    public static string TelegramEmulatorFolder => Path.Combine(RepositoryPaths.Root, "tests", "OptOutBot.EndToEnd.Tests", "Telegram", "emulator");

    public static string WebCheckFolder => Path.Combine(RepositoryPaths.Root, "tests", "OptOutBot.EndToEnd.Tests", "Web");

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static string? Probe(TestTool tool) => tool switch
    {
        TestTool.TelegramEmulator => NpmPackage(TelegramEmulatorFolder, "telegram-test-api", "the Telegram emulator"),
        TestTool.Chromium => File.Exists(ChromiumPath)
            ? NpmPackage(WebCheckFolder, "playwright-core", "the browser tests")
            : $"Chromium not found at {ChromiumPath} (installing it needs root: apt-get install --no-install-recommends chromium). Enable with: {EnableCommand}",
        TestTool.Postgres => ProbePostgres(),
        _ => throw new ArgumentOutOfRangeException(nameof(tool)),
    };

    private static string? NpmPackage(string folder, string package, string what)
    {
        if (File.Exists(Path.Combine(folder, "node_modules", package, "package.json")))
        {
            return null;
        }

        if (!OnPath("node") || !OnPath("npm"))
        {
            return $"{what} need node and npm, not found on PATH. Enable with: {EnableCommand}";
        }

        // npm ci from the committed lockfile needs no root; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD keeps it offline-safe.
        var (exitCode, output) = Run("npm", folder, "ci", "--no-audit", "--no-fund", "--loglevel=error");
        return exitCode == 0 && File.Exists(Path.Combine(folder, "node_modules", package, "package.json"))
            ? null
            : $"npm ci in {folder} failed ({exitCode}): {Tail(output)}. Enable with: {EnableCommand}";
    }

    private static string? ProbePostgres()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Timeout = 3, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException or InvalidOperationException)
        {
            return $"no PostgreSQL at {PostgresVariable} or the default test database ({e.GetType().Name}). Enable with: {EnableCommand}";
        }
    }

    private static void RecordSkippedGroup(TestTool tool, string reason)
    {
        lock (ReportLock)
        {
            var file = Path.Combine(AppContext.BaseDirectory, "skipped-groups.txt");
            var line = $"{tool} ({reason})";
            if (!File.Exists(file) || !File.ReadAllLines(file).Contains(line))
            {
                File.AppendAllLines(file, [line]);
            }
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));

    private static (int ExitCode, string Output) Run(string program, string folder, params string[] args)
    {
        var info = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 3 minutes");
        }

        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string Tail(string text) => text.Length <= 300 ? text.Trim() : text[^300..].Trim();
}
