using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Broadcasts;

namespace OptOutBot.Broadcasts.Tests.Support;

/// <summary>A real SQLite outbox in a temp folder and a dispatcher over the given senders.</summary>
internal sealed class DispatchHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;

    public DispatchHarness(BroadcastsOptions options)
    {
        _folder = Directory.CreateTempSubdirectory("optoutbot-dispatch-").FullName;
        _services = new ServiceCollection().AddSqliteBroadcastStores(Path.Combine(_folder, "bot.db")).BuildServiceProvider();
        Options = options;
    }

    public BroadcastsOptions Options { get; }

    public ISubscriptionStore Subscriptions => _services.GetRequiredService<ISubscriptionStore>();

    public IOutboxStore Outbox => _services.GetRequiredService<IOutboxStore>();

    public static BroadcastsOptions FastOptions(Action<BroadcastsOptions>? change = null)
    {
        var options = new BroadcastsOptions();
        options.Dispatch.PollInterval = TimeSpan.FromMilliseconds(50);
        options.Dispatch.Backoff = TimeSpan.FromMilliseconds(50);
        options.Dispatch.MaxBackoff = TimeSpan.FromMilliseconds(200);
        options.Limits.Clear();
        options.Limits["telegram"] = new ChannelLimits();
        options.Limits["discord"] = new ChannelLimits();
        change?.Invoke(options);
        return options;
    }

    public async Task SubscribeAsync(string channel, string address, string locale = "fr", string? topic = null, ConversationScope scope = ConversationScope.Private) =>
        await Subscriptions.AddAsync(new Subscription(new UserRef(channel, "u" + address), new ChannelAddress(channel, address), scope, locale, topic, DateTimeOffset.UtcNow));

    public Task<PlanResult> AnnounceAsync(string key, string? topic = null) =>
        Outbox.PlanAsync(new BroadcastDraft(key, BroadcastKind.Announcement, topic, new BroadcastContent("fr", new Dictionary<string, BroadcastMessage>
        {
            ["fr"] = new("Rappel : **demain**", []),
            ["en"] = new("Reminder: **tomorrow**", []),
        }), DateTimeOffset.UtcNow)).AsTask();

    /// <summary>Runs the dispatcher until every broadcast is finished (or the timeout), then stops it cleanly.</summary>
    public async Task<IReadOnlyList<BroadcastStats>> DispatchUntilDoneAsync(TimeSpan timeout, params IChannelSender[] senders)
    {
        using var dispatcher = Dispatcher(Outbox, TimeProvider.System, Options, senders);
        await dispatcher.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<BroadcastStats> stats;
        do
        {
            await Task.Delay(50);
            stats = await Outbox.ListStatsAsync(100);
        }
        while (!stats.All(s => s.Done) && DateTime.UtcNow < deadline);

        await dispatcher.StopAsync(CancellationToken.None);
        return await Outbox.ListStatsAsync(100);
    }

    /// <summary>Starts the dispatcher, stops it as soon as <paramref name="onTheWire"/> completes (a send has begun), and returns the stats.</summary>
    public async Task<IReadOnlyList<BroadcastStats>> StopWhileSendingAsync(Task onTheWire, params IChannelSender[] senders)
    {
        using var dispatcher = Dispatcher(Outbox, TimeProvider.System, Options, senders);
        await dispatcher.StartAsync(CancellationToken.None);
        await onTheWire.WaitAsync(TimeSpan.FromSeconds(30));
        await dispatcher.StopAsync(CancellationToken.None);
        return await Outbox.ListStatsAsync(100);
    }

    public static BroadcastDispatcher Dispatcher(IOutboxStore store, TimeProvider time, BroadcastsOptions options, params IChannelSender[] senders) =>
        new(senders, store, new DispatchSignal(), new BroadcastMetrics(), time, Microsoft.Extensions.Options.Options.Create(options), NullLogger<BroadcastDispatcher>.Instance);

    /// <summary>
    /// Runs the dispatcher on <paramref name="time"/>, moving the clock on by <paramref name="step"/> (and giving its
    /// real I/O a moment) until every broadcast is finished, then stops it cleanly. Fails instead of hanging.
    /// </summary>
    public async Task<IReadOnlyList<BroadcastStats>> DispatchUntilDoneAsync(FakeTimeProvider time, TimeSpan step, params IChannelSender[] senders)
    {
        using var dispatcher = Dispatcher(Outbox, time, Options, senders);
        await dispatcher.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await Outbox.ListStatsAsync(100)).All(s => s.Done))
        {
            Assert.True(DateTime.UtcNow < deadline, "the broadcasts did not finish");
            time.Advance(step);
            await Task.Delay(5);
        }

        await dispatcher.StopAsync(CancellationToken.None);
        return await Outbox.ListStatsAsync(100);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
