using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;
using OptOutBot.Storage.Broadcasts;

namespace OptOutBot.Broadcasts.Tests.Dispatch;

/// <summary>
/// Kills a real dispatcher process (SIGKILL) twice in the middle of a broadcast, restarts it on the same SQLite file, and
/// checks the guarantee: every recipient got the message, and anyone who got it twice was in flight at a kill.
/// </summary>
public sealed class CrashSafetyTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int PerChannel = 2000;
    private readonly string _folder = Directory.CreateTempSubdirectory("optoutbot-crash-").FullName;
    private readonly ConcurrentDictionary<string, int> _deliveries = new(StringComparer.Ordinal);
    private WebApplication? _platform;
    private string _platformUrl = "";

    private string DatabasePath => Path.Combine(_folder, "bot.db");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _platform = builder.Build();
        _platform.MapPost("/{channel}/{address}", async (string channel, string address) =>
        {
            _deliveries.AddOrUpdate($"{channel}/{address}", 1, (_, n) => n + 1);
            await Task.Delay(2);
            return Results.Ok();
        });
        await _platform.StartAsync();
        _platformUrl = _platform.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task KillDashNineMidBroadcast_Twice_EveryoneGetsIt_AndOnlyInFlightOnesTwice()
    {
        await SeedAsync();
        var inFlightAtKills = new HashSet<string>(StringComparer.Ordinal);

        foreach (var killAfter in new[] { PerChannel / 2, PerChannel * 5 / 4 })
        {
            using var worker = StartWorker();
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (_deliveries.Count < killAfter && !worker.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            Assert.False(worker.HasExited, "the worker finished before it could be killed: raise PerChannel");
            worker.Kill(); // SIGKILL: no shutdown code runs.
            await worker.WaitForExitAsync();
            inFlightAtKills.UnionWith(await InFlightRowsAsync());
        }

        using (var last = StartWorker())
        {
            Assert.True(last.WaitForExit(TimeSpan.FromSeconds(120)), "the restarted worker did not finish the broadcast");
            Assert.Equal(0, last.ExitCode);
        }

        var everyone = Enumerable.Range(0, PerChannel).SelectMany(i => new[] { $"telegram/t{i}", $"discord/d{i}" }).ToArray();
        var missing = everyone.Where(r => !_deliveries.ContainsKey(r)).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} recipients never got the message, e.g. {string.Join(", ", missing.Take(5))}");

        var twice = _deliveries.Where(d => d.Value > 1).Select(d => d.Key).ToArray();
        output.WriteLine($"recipients {everyone.Length}, in flight at the kills {inFlightAtKills.Count}, delivered twice {twice.Length}");
        Assert.All(twice, r => Assert.Contains(r, inFlightAtKills));
        Assert.All(_deliveries.Values, n => Assert.True(n <= 3, "a message was sent more often than the number of crashes allows"));
    }

    private async Task SeedAsync()
    {
        await using var services = new ServiceCollection().AddSqliteBroadcastStores(DatabasePath).BuildServiceProvider();
        var subscriptions = services.GetRequiredService<ISubscriptionStore>();
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < PerChannel; i++)
        {
            await subscriptions.AddAsync(new Subscription(new UserRef("telegram", $"u{i}"), new ChannelAddress("telegram", $"t{i}"), ConversationScope.Private, "fr", null, at));
            await subscriptions.AddAsync(new Subscription(new UserRef("discord", $"u{i}"), new ChannelAddress("discord", $"d{i}"), ConversationScope.Group, "en", "meta", at));
        }

        var plan = await services.GetRequiredService<IOutboxStore>().PlanAsync(new BroadcastDraft(
            "announce:crash", BroadcastKind.Announcement, null,
            new BroadcastContent("fr", new Dictionary<string, BroadcastMessage> { ["fr"] = new("Bonjour", []), ["en"] = new("Hello", []) }), at));
        Assert.Equal(PerChannel * 2, plan.Recipients);
    }

    private async Task<IReadOnlyCollection<string>> InFlightRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel || '/' || address FROM outbox WHERE state = 1";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private Process StartWorker()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", WorkerPath(), DatabasePath, _platformUrl, "2" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The worker is built beside this project (see the csproj); same configuration as the tests.</summary>
    private static string WorkerPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var project = testBin.Parent.Parent!.Parent!.FullName;
        var path = Path.Combine(project, "CrashWorker", "bin", configuration, framework, "OptOutBot.Broadcasts.CrashWorker.dll");
        Assert.True(File.Exists(path), $"crash worker not built at {path}");
        return path;
    }
}
