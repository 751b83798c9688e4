using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Tests.Support;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Broadcasts.Tests.Dispatch;

/// <summary>A multi-part message resumes at its first unsent part; claims are short leases renewed while the host lives.</summary>
public sealed class PartsAndLeasesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MultiPart_SecondPartFailsOnce_EachPartIsDeliveredExactlyOnce()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions());
        await harness.SubscribeAsync("telegram", "t1");
        await harness.SubscribeAsync("telegram", "t2");
        await harness.AnnounceAsync("announce:long");

        // Part 2 of t1's message fails once (a 502); part 3 of t2's is rate limited once (a 429).
        var sender = new SplittingSender("telegram", 3, TimeProvider.System, (address, part, attempt) => (address, part, attempt) switch
        {
            ("t1", 1, 1) => new SendResult.Failed("502 Bad Gateway", Transient: true),
            ("t2", 2, 1) => new SendResult.RetryAfter(TimeSpan.FromMilliseconds(100)),
            _ => SendResult.Delivered,
        });
        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(Timeout, sender));

        Assert.Equal((2, 2), (stats.Sent, stats.Retried));
        var delivered = sender.Delivered.ToArray();
        Assert.Equal(6, delivered.Length);
        Assert.Equal(
            new[] { ("t1", 0), ("t1", 1), ("t1", 2), ("t2", 0), ("t2", 1), ("t2", 2) },
            delivered.Order().ToArray());
    }

    /// <summary>Counts heartbeats, so a test on a fake clock knows one happened before it moves on.</summary>
    private sealed class RenewCountingStore(IOutboxStore inner) : IOutboxStore
    {
        private int _renewals;

        public int Renewals => Volatile.Read(ref _renewals);

        public async ValueTask<int> RenewAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
        {
            var renewed = await inner.RenewAsync(owner, ids, leaseUntil, cancellationToken);
            Interlocked.Increment(ref _renewals);
            return renewed;
        }

        public ValueTask<PlanResult> PlanAsync(BroadcastDraft draft, CancellationToken cancellationToken = default) => inner.PlanAsync(draft, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, string channel, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
            inner.ClaimAsync(owner, channel, limit, now, leaseUntil, cancellationToken);

        public ValueTask CompleteAsync(string owner, IReadOnlyList<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.CompleteAsync(owner, outcomes, now, cancellationToken);

        public ValueTask<BroadcastContent?> GetContentAsync(long broadcastId, CancellationToken cancellationToken = default) => inner.GetContentAsync(broadcastId, cancellationToken);

        public ValueTask<IReadOnlyList<BroadcastStats>> ListStatsAsync(int limit, CancellationToken cancellationToken = default) => inner.ListStatsAsync(limit, cancellationToken);

        public ValueTask<IReadOnlyList<ChannelStats>> ListChannelStatsAsync(int limit, CancellationToken cancellationToken = default) => inner.ListChannelStatsAsync(limit, cancellationToken);

        public ValueTask<IReadOnlyList<ReminderRecord>> ListRemindersAsync(CancellationToken cancellationToken = default) => inner.ListRemindersAsync(cancellationToken);

        public ValueTask SaveReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken = default) => inner.SaveReminderAsync(reminder, cancellationToken);
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task LiveHost_KeepsRenewingItsClaim_WhileASendOutlastsTheLease()
    {
        var options = DispatchHarness.FastOptions(o => o.Dispatch.Lease = TimeSpan.FromSeconds(30));
        await using var harness = new DispatchHarness(options);
        await harness.SubscribeAsync("telegram", "slow");
        await harness.AnnounceAsync("announce:slow");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var store = new RenewCountingStore(harness.Outbox);
        var onTheWire = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = 0;
        var sender = new Moq.Mock<IChannelSender>();
        sender.Setup(s => s.Channel).Returns("telegram");
        sender.Setup(s => s.SendAsync(Moq.It.IsAny<ChannelAddress>(), Moq.It.IsAny<Reply>(), Moq.It.IsAny<int>(), Moq.It.IsAny<ISendPacer>(), Moq.It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                Interlocked.Increment(ref sends);
                onTheWire.TrySetResult();
                await release.Task;
                return SendResult.Delivered;
            });

        using var dispatcher = DispatchHarness.Dispatcher(store, time, options, sender.Object);
        await dispatcher.StartAsync(CancellationToken.None);
        await onTheWire.Task.WaitAsync(Timeout);

        // Two full leases go by on the clock while the send is still on the wire: the heartbeat keeps the row.
        var claimedAt = time.GetUtcNow();
        while (time.GetUtcNow() - claimedAt < 2 * options.Dispatch.Lease)
        {
            var before = store.Renewals;
            time.Advance(options.Dispatch.Lease / 3);
            await UntilAsync(() => Task.FromResult(store.Renewals > before), "a heartbeat");
        }

        var now = time.GetUtcNow();
        Assert.Empty(await harness.Outbox.ClaimAsync("another-host", "telegram", 10, now, now + options.Dispatch.Lease));

        release.SetResult();
        await UntilAsync(async () => (await harness.Outbox.ListStatsAsync(10)).All(s => s.Done), "the broadcast to finish");
        await dispatcher.StopAsync(CancellationToken.None);

        Assert.Equal(1, Assert.Single(await harness.Outbox.ListStatsAsync(10)).Sent);
        Assert.Equal(1, sends);
    }

    [Fact]
    public async Task KilledHost_ItsClaimsAreSentByTheRestartedHost_WithinTheDefaultLease()
    {
        var options = DispatchHarness.FastOptions(o => o.Dispatch.Lease = new DispatchOptions().Lease);
        await using var harness = new DispatchHarness(options);
        await harness.SubscribeAsync("telegram", "t1");
        await harness.SubscribeAsync("telegram", "t2");
        await harness.AnnounceAsync("announce:killed");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var killedAt = time.GetUtcNow();

        // The host that was killed -9 had claimed both rows with the default lease, and never renewed it.
        Assert.Equal(2, (await harness.Outbox.ClaimAsync("killed-host:1234:abcd", "telegram", 10, killedAt, killedAt + options.Dispatch.Lease)).Count);

        var sent = new ConcurrentBag<string>();
        var sender = new Moq.Mock<IChannelSender>();
        sender.Setup(s => s.Channel).Returns("telegram");
        sender.Setup(s => s.SendAsync(Moq.It.IsAny<ChannelAddress>(), Moq.It.IsAny<Reply>(), Moq.It.IsAny<int>(), Moq.It.IsAny<ISendPacer>(), Moq.It.IsAny<CancellationToken>()))
            .Returns((ChannelAddress a, Reply _, int _, ISendPacer _, CancellationToken _) =>
            {
                sent.Add(a.Value);
                return ValueTask.FromResult(SendResult.Delivered);
            });

        using var dispatcher = DispatchHarness.Dispatcher(harness.Outbox, time, options, sender.Object);
        await dispatcher.StartAsync(CancellationToken.None);
        while (sent.Count < 2 && time.GetUtcNow() - killedAt < TimeSpan.FromMinutes(10))
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }

        var took = time.GetUtcNow() - killedAt;
        await UntilAsync(async () => (await harness.Outbox.ListStatsAsync(10)).All(s => s.Done), "the broadcast to finish");
        await dispatcher.StopAsync(CancellationToken.None);

        Assert.True(took <= TimeSpan.FromSeconds(31), $"the killed host's rows were taken over after {took.TotalSeconds} s");
        Assert.Equal(new[] { "t1", "t2" }, sent.Order().ToArray());
    }
}
