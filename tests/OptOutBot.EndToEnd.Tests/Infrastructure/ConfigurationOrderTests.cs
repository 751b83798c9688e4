using Microsoft.Extensions.Configuration;
using OptOutBot.Hosting;
using OptOutBot.Testing;

namespace OptOutBot.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every verb reads settings in ASP.NET Core's order: appsettings.json, user secrets, environment variables, command line
/// (later wins). Before, serve let user secrets override the environment while chat/ask did the opposite.
/// </summary>
public sealed class ConfigurationOrderTests
{
    [Fact]
    public void TerminalVerbs_LaterSourcesWin_JsonThenSecretsThenEnvironmentThenCommandLine()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "appsettings.json"),
            """{ "OrderTerminal": { "A": "json", "B": "json", "C": "json", "D": "json" } }""");
        var secrets = Path.Combine(folder.Path, "secrets.json");
        File.WriteAllText(secrets, """{ "OrderTerminal:B": "secrets", "OrderTerminal:C": "secrets", "OrderTerminal:D": "secrets" }""");
        using var env = new EnvironmentVariables(("OrderTerminal__C", "env"), ("OrderTerminal__D", "env"));

        var builder = new ConfigurationBuilder();
        BotConfiguration.Apply(builder, folder.Path, ["--OrderTerminal:D=cmd"], userSecretsFile: secrets);
        var configuration = builder.Build();

        Assert.Equal(["json", "secrets", "env", "cmd"], new[] { "A", "B", "C", "D" }.Select(k => configuration["OrderTerminal:" + k]));
    }

    [Fact]
    public async Task Serve_UsesTheSameOrder()
    {
        using var folder = new TempFolder();
        var secrets = Path.Combine(folder.Path, "secrets.json");
        File.WriteAllText(secrets, """{ "OrderServe:B": "secrets", "OrderServe:C": "secrets", "OrderServe:D": "secrets" }""");
        using var env = new EnvironmentVariables(("OrderServe__C", "env"), ("OrderServe__D", "env"));
        var previous = BotConfiguration.CommandLine;
        BotConfiguration.CommandLine = ["--OrderServe:D=cmd"];
        try
        {
            await using var app = BotHost.Build(
                new Dictionary<string, string?> { ["Storage:SqlitePath"] = Path.Combine(folder.Path, "bot.db") },
                userSecretsFile: secrets);
            Assert.Equal(["secrets", "env", "cmd"], new[] { "B", "C", "D" }.Select(k => app.Configuration["OrderServe:" + k]));
            Assert.Equal("http://localhost:5080", app.Configuration["Urls"]); // appsettings.json of the repository is still read
        }
        finally
        {
            BotConfiguration.CommandLine = previous;
        }
    }

    /// <summary>Sets process environment variables for one test (names unique to the test) and removes them after.</summary>
    private sealed class EnvironmentVariables : IDisposable
    {
        private readonly string[] _names;

        public EnvironmentVariables(params (string Name, string Value)[] variables)
        {
            _names = [.. variables.Select(v => v.Name)];
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var name in _names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
