using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.Telegram;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// A Kestrel host on a free loopback port composed like the real one for Telegram (AddTelegramAdapter, MapTelegram)
/// around a given engine and an update log the test can inspect. Used where a test needs a scripted engine.
/// </summary>
internal sealed class TelegramTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelegramTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<TelegramTestHost> StartAsync(IDictionary<string, string?> settings, IConversationEngine engine, IUpdateLog? updateLog = null) =>
        StartAsync(settings, (services, _) =>
        {
            services.AddSingleton(engine);
            services.AddSingleton(OptOutBot.Testing.TestGuard.For(engine));
            services.AddSingleton(updateLog ?? new MemoryUpdateLog());
        });

    private static async Task<TelegramTestHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> compose)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        compose(builder.Services, builder.Configuration);
        builder.Services.AddTelegramAdapter(builder.Configuration);
        var app = builder.Build();
        app.MapTelegram();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TelegramTestHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An update log the test can look into (the SQLite one is covered by the storage tests).</summary>
internal sealed class MemoryUpdateLog : IUpdateLog
{
    private readonly object _gate = new();

    public ConcurrentDictionary<string, (UpdateState State, string? Answer, bool Redelivered)> Recorded { get; } = new();

    public ValueTask<UpdateRecord> BeginAsync(string channel, string updateId, TimeSpan takeOverAfter, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = channel + "/" + updateId;
            if (!Recorded.TryGetValue(key, out var row))
            {
                Recorded[key] = (UpdateState.Received, null, false);
                return ValueTask.FromResult(UpdateRecord.New);
            }

            if (row.State == UpdateState.Received)
            {
                Recorded[key] = row with { Redelivered = true };
            }

            return ValueTask.FromResult(new UpdateRecord(row.State, row.State == UpdateState.Answered ? row.Answer : null));
        }
    }

    public ValueTask<UpdateState> SaveAnswerAsync(string channel, string updateId, string answer, bool queue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = channel + "/" + updateId;
            Recorded.TryGetValue(key, out var row);
            var state = queue || row.Redelivered ? UpdateState.Queued : UpdateState.Answered;
            Recorded[key] = (state, answer, row.Redelivered);
            return ValueTask.FromResult(state);
        }
    }

    public ValueTask<IReadOnlyList<QueuedAnswer>> ClaimQueuedAsync(string channel, string owner, int limit, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var claimed = Recorded.Where(r => r.Key.StartsWith(channel + "/", StringComparison.Ordinal) && r.Value.State == UpdateState.Queued)
                .Take(limit).Select(r => new QueuedAnswer(r.Key[(channel.Length + 1)..], r.Value.Answer ?? string.Empty)).ToList();
            foreach (var c in claimed)
            {
                Recorded[channel + "/" + c.UpdateId] = (UpdateState.Delivered, null, false);
            }

            return ValueTask.FromResult<IReadOnlyList<QueuedAnswer>>(claimed);
        }
    }

    public ValueTask MarkDeliveredAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask ReleaseAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
