using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OptOutBot.Broadcasts;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;
using OptOutBot.Storage.Broadcasts;

namespace OptOutBot.Benchmarks.Broadcasts;

/// <summary>
/// How fast the dispatcher drains the SQLite outbox with rate limits lifted: one operation = one broadcast to
/// <see cref="Recipients"/> subscribers, from the first claim to the last outcome written. Messages/s = Recipients / mean.
/// "loopback-http" sends each message as an HTTP POST to a local fake platform; "in-process" isolates the outbox path.
/// Run: dotnet run -c Release --project bench/OptOutBot.Benchmarks -- --filter '*DispatchThroughput*'
/// </summary>
[Config(typeof(InProcessMonitoring))]
public class DispatchThroughputBenchmark
{
    /// <summary>In-process (no separate build), each iteration one whole broadcast: the op is long, so no unrolling.</summary>
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }

    private string _folder = "";
    private ServiceProvider? _services;
    private WebApplication? _platform;
    private HttpClient? _http;
    private int _round;

    [Params(20_000)]
    public int Recipients { get; set; }

    [Params("in-process", "loopback-http")]
    public string Sender { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("optoutbot-bench-").FullName;
        _services = new ServiceCollection().AddSqliteBroadcastStores(Path.Combine(_folder, "bench.db")).BuildServiceProvider();
        var subscriptions = _services.GetRequiredService<ISubscriptionStore>();
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < Recipients; i++)
        {
            var channel = i % 2 == 0 ? "telegram" : "discord";
            subscriptions.AddAsync(new Subscription(new UserRef(channel, $"u{i}"), new ChannelAddress(channel, i.ToString(CultureInfo.InvariantCulture)), ConversationScope.Private, "fr", null, at)).AsTask().GetAwaiter().GetResult();
        }

        if (Sender == "loopback-http")
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            _platform = builder.Build();
            _platform.MapPost("/{channel}/{address}", () => Results.Text("""{"ok":true}""", "application/json"));
            _platform.StartAsync().GetAwaiter().GetResult();
            var address = _platform.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(address) };
        }
    }

    [IterationSetup]
    public void PlanBroadcast()
    {
        var outbox = _services!.GetRequiredService<IOutboxStore>();
        var content = new BroadcastContent("fr", new Dictionary<string, BroadcastMessage> { ["fr"] = new("**Rappel** : demain", []) });
        outbox.PlanAsync(new BroadcastDraft($"bench:{_round++}", BroadcastKind.Announcement, null, content, DateTimeOffset.UtcNow)).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task DispatchWholeBroadcast()
    {
        var outbox = _services!.GetRequiredService<IOutboxStore>();
        var options = new BroadcastsOptions();
        options.Limits.Clear();
        options.Limits["telegram"] = new ChannelLimits();
        options.Limits["discord"] = new ChannelLimits();
        options.Dispatch.ClaimSize = 1000;
        options.Dispatch.CompletionBatch = 1000;
        options.Dispatch.Concurrency = 64;
        options.Dispatch.PollInterval = TimeSpan.FromMilliseconds(50);
        IChannelSender[] senders = Sender == "loopback-http"
            ? [new HttpSender("telegram", _http!), new HttpSender("discord", _http!)]
            : [new InstantSender("telegram"), new InstantSender("discord")];
        using var dispatcher = new BroadcastDispatcher(senders, outbox, new DispatchSignal(), new BroadcastMetrics(), TimeProvider.System, Options.Create(options), NullLogger<BroadcastDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        while (!(await outbox.ListStatsAsync(1))[0].Done)
        {
            await Task.Delay(20);
        }

        await dispatcher.StopAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http?.Dispose();
        _platform?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _services?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class InstantSender(string channel) : IChannelSender
    {
        public string Channel => channel;

        public ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken) => ValueTask.FromResult(SendResult.Delivered);
    }

    private sealed class HttpSender(string channel, HttpClient http) : IChannelSender
    {
        public string Channel => channel;

        public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken)
        {
            using var content = new StringContent(reply.Messages[0].Text);
            using var response = await http.PostAsync($"/{channel}/{address.Value}", content, cancellationToken);
            return response.IsSuccessStatusCode ? SendResult.Delivered : new SendResult.Failed(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), true);
        }
    }
}
