using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using OptOutBot.Broadcasts;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Broadcasts;

namespace OptOutBot.EndToEnd.Tests.Broadcasts;

/// <summary>
/// The broadcasts feature composed the way the host composes it (AddOptOutBotBroadcasts + the SQLite stores), with
/// loopback senders standing in for the adapters' IChannelSenders, on a temp SQLite file.
/// </summary>
internal sealed class BroadcastTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;
    private readonly HttpClient _http;

    private BroadcastTestHost(IHost host, string folder, HttpClient http)
    {
        _host = host;
        _folder = folder;
        _http = http;
    }

    public IServiceProvider Services => _host.Services;

    public ISubscriptionStore Subscriptions => Services.GetRequiredService<ISubscriptionStore>();

    public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();

    public static async Task<BroadcastTestHost> StartAsync(FakePlatformServer platform, IDictionary<string, string?> settings, string[] channels, string? calendarYaml = null, bool start = true, ILoggerProvider? logs = null)
    {
        var folder = Directory.CreateTempSubdirectory("optoutbot-e2e-broadcasts-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        settings["Content:Locales:0"] = "fr";
        settings["Content:Locales:1"] = "en";
        if (calendarYaml is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "deadlines.yaml"), calendarYaml);
            settings["Broadcasts:CalendarPath"] = "deadlines.yaml";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(platform.BaseAddress) };
        builder.Services.AddOptOutBotBroadcasts(builder.Configuration);
        builder.Services.AddSqliteBroadcastStores(Path.Combine(folder, "data", "optoutbot.db"));
        foreach (var channel in channels)
        {
            builder.Services.AddSingleton<IChannelSender>(new LoopbackSender(channel, http));
        }

        var host = builder.Build();
        var result = new BroadcastTestHost(host, folder, http);
        if (start)
        {
            await host.StartAsync();
        }

        return result;
    }

    public Task StartAsync() => _host.StartAsync();

    public async Task<BroadcastStats> WaitUntilDoneAsync(long broadcastId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stats = (await Outbox.ListStatsAsync(100)).Single(s => s.Id == broadcastId);
            if (stats.Done || DateTime.UtcNow > deadline)
            {
                return stats;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
