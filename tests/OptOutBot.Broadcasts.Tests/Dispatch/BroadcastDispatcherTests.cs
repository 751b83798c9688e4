using System.Collections.Concurrent;
using Moq;
using OptOutBot.Broadcasts.Tests.Support;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Broadcasts.Tests.Dispatch;

public sealed class BroadcastDispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static Mock<IChannelSender> Sender(string channel, Func<ChannelAddress, int, SendResult> respond, ConcurrentBag<(ChannelAddress Address, string Text, DateTimeOffset At)>? log = null)
    {
        var attempts = new ConcurrentDictionary<string, int>();
        var sender = new Mock<IChannelSender>();
        sender.Setup(s => s.Channel).Returns(channel);
        sender.Setup(s => s.SendAsync(It.IsAny<ChannelAddress>(), It.IsAny<Reply>(), It.IsAny<int>(), It.IsAny<ISendPacer>(), It.IsAny<CancellationToken>()))
            .Returns((ChannelAddress address, Reply reply, int _, ISendPacer _, CancellationToken _) =>
            {
                var n = attempts.AddOrUpdate(address.Value, 1, (_, v) => v + 1);
                log?.Add((address, reply.Messages[0].Text, DateTimeOffset.UtcNow));
                return ValueTask.FromResult(respond(address, n));
            });
        return sender;
    }

    [Fact]
    public async Task Broadcast_ReachesEverySubscriberOnEveryChannel_InTheirLanguage()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions());
        for (var i = 0; i < 50; i++)
        {
            await harness.SubscribeAsync("telegram", $"t{i}", locale: i % 2 == 0 ? "fr" : "en");
            await harness.SubscribeAsync("discord", $"d{i}", locale: "en");
        }

        var log = new ConcurrentBag<(ChannelAddress Address, string Text, DateTimeOffset At)>();
        await harness.AnnounceAsync("announce:1");
        var stats = await harness.DispatchUntilDoneAsync(Timeout, Sender("telegram", (_, _) => SendResult.Delivered, log).Object, Sender("discord", (_, _) => SendResult.Delivered, log).Object);

        Assert.Equal(100, Assert.Single(stats).Sent);
        Assert.Equal(100, log.Select(l => l.Address).Distinct().Count());
        Assert.Contains(log, l => l.Address.Value == "t0" && l.Text.StartsWith("Rappel", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Address.Value == "t1" && l.Text.StartsWith("Reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecipientGone_IsUnsubscribed_AndNotTriedAgain()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions());
        await harness.SubscribeAsync("telegram", "blocked");
        await harness.SubscribeAsync("telegram", "fine");
        await harness.AnnounceAsync("announce:1");

        var sender = Sender("telegram", (a, _) => a.Value == "blocked" ? new SendResult.RecipientGone("bot was blocked by the user") : SendResult.Delivered);
        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(Timeout, sender.Object));

        Assert.Equal((1, 1), (stats.Sent, stats.Gone));
        Assert.Empty(await harness.Subscriptions.ListForUserAsync(new UserRef("telegram", "ublocked")));
        Assert.Single(await harness.Subscriptions.ListForUserAsync(new UserRef("telegram", "ufine")));
        sender.Verify(s => s.SendAsync(It.Is<ChannelAddress>(a => a.Value == "blocked"), It.IsAny<Reply>(), It.IsAny<int>(), It.IsAny<ISendPacer>(), It.IsAny<CancellationToken>()), Times.Once);

        await harness.AnnounceAsync("announce:2");
        var second = (await harness.DispatchUntilDoneAsync(Timeout, sender.Object))[0];
        Assert.Equal(1, second.Total);
    }

    [Fact]
    public async Task TransientFailures_AreRetriedWithBackoff_UntilDelivered_OrGivenUpAfterMaxAttempts()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions(o => o.Dispatch.MaxAttempts = 4));
        await harness.SubscribeAsync("telegram", "flaky");
        await harness.SubscribeAsync("telegram", "down");
        await harness.SubscribeAsync("telegram", "bad-request");
        await harness.AnnounceAsync("announce:1");

        var sender = Sender("telegram", (a, n) => a.Value switch
        {
            "flaky" => n < 3 ? new SendResult.Failed("502 Bad Gateway", Transient: true) : SendResult.Delivered,
            "down" => new SendResult.Failed("503", Transient: true),
            _ => new SendResult.Failed("400 chat not found in payload", Transient: false),
        });
        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(Timeout, sender.Object));

        Assert.Equal((1, 2, 2 + 3), (stats.Sent, stats.Failed, stats.Retried));
        sender.Verify(s => s.SendAsync(It.Is<ChannelAddress>(a => a.Value == "down"), It.IsAny<Reply>(), It.IsAny<int>(), It.IsAny<ISendPacer>(), It.IsAny<CancellationToken>()), Times.Exactly(4));
        sender.Verify(s => s.SendAsync(It.Is<ChannelAddress>(a => a.Value == "bad-request"), It.IsAny<Reply>(), It.IsAny<int>(), It.IsAny<ISendPacer>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task GlobalRateLimit_PausesThatPlatformForTheGivenTime_WithoutLosingTheMessage()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions(o => o.Dispatch.Concurrency = 1));
        for (var i = 0; i < 5; i++)
        {
            await harness.SubscribeAsync("discord", $"d{i}");
        }

        await harness.SubscribeAsync("telegram", "t0");
        await harness.AnnounceAsync("announce:1");
        var log = new ConcurrentBag<(ChannelAddress Address, string Text, DateTimeOffset At)>();
        var first = true;
        var discord = Sender("discord", (_, _) =>
        {
            if (first)
            {
                first = false;
                return new SendResult.RetryAfter(TimeSpan.FromSeconds(1.5), Global: true);
            }

            return SendResult.Delivered;
        }, log);

        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(Timeout, discord.Object, Sender("telegram", (_, _) => SendResult.Delivered).Object));

        Assert.Equal(6, stats.Sent);
        Assert.Equal(1, stats.Retried);
        var times = log.Select(l => l.At).Order().ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1.4), $"second Discord send came {(times[1] - times[0]).TotalMilliseconds} ms after the global 429");
    }

    [Fact]
    public async Task RecipientRateLimit_ReschedulesThatRowAfterItsDelay_WithoutHoldingTheOthers()
    {
        // Senders make one attempt and hand a 429 back: the lane alone decides when that recipient is tried again.
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions(o => o.Dispatch.Concurrency = 1));
        for (var i = 0; i < 4; i++)
        {
            await harness.SubscribeAsync("discord", $"d{i}");
        }

        await harness.AnnounceAsync("announce:1");
        var log = new ConcurrentBag<(ChannelAddress Address, string Text, DateTimeOffset At)>();
        var discord = Sender("discord", (a, n) => a.Value == "d0" && n == 1 ? new SendResult.RetryAfter(TimeSpan.FromSeconds(1)) : SendResult.Delivered, log);

        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(Timeout, discord.Object));

        Assert.Equal((4, 1, 0), (stats.Sent, stats.Retried, stats.Failed));
        var d0 = log.Where(l => l.Address.Value == "d0").Select(l => l.At).Order().ToArray();
        Assert.Equal(2, d0.Length);
        Assert.True(d0[1] - d0[0] >= TimeSpan.FromSeconds(1), "tried again before the wait the platform asked for");
        Assert.All(log.Where(l => l.Address.Value != "d0"), l => Assert.True(l.At < d0[1], "another recipient waited for d0's rate limit"));
        discord.Verify(s => s.SendAsync(It.Is<ChannelAddress>(a => a.Value == "d0"), It.IsAny<Reply>(), It.IsAny<int>(), It.IsAny<ISendPacer>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task PerChatPacing_TwoBroadcastsToOneChat_AreSpacedByTheChatLimit()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions(o => o.Limits["telegram"] = new() { PerAddressPerSecond = 1, SafetyMargin = 0 }));
        await harness.SubscribeAsync("telegram", "42");
        await harness.AnnounceAsync("announce:1");
        await harness.AnnounceAsync("announce:2");
        var log = new ConcurrentBag<(ChannelAddress Address, string Text, DateTimeOffset At)>();

        var stats = await harness.DispatchUntilDoneAsync(Timeout, Sender("telegram", (_, _) => SendResult.Delivered, log).Object);

        Assert.All(stats, s => Assert.Equal(1, s.Sent));
        var times = log.Select(l => l.At).Order().ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(0.99));
    }

    [Fact]
    public async Task SenderThatThrows_IsTreatedAsTransient_AndTheRestStillGoOut()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions(o => o.Dispatch.MaxAttempts = 2));
        await harness.SubscribeAsync("telegram", "boom");
        await harness.SubscribeAsync("telegram", "ok");
        await harness.AnnounceAsync("announce:1");

        var sender = Sender("telegram", (a, _) => a.Value == "boom" ? throw new HttpRequestException("connection reset") : SendResult.Delivered);
        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(Timeout, sender.Object));

        Assert.Equal((1, 1), (stats.Sent, stats.Failed));
    }

    [Fact]
    public async Task StopDuringASend_LetsItFinishAndRecordsIt_SoTheNextStartDoesNotSendItAgain()
    {
        await using var harness = new DispatchHarness(DispatchHarness.FastOptions());
        await harness.SubscribeAsync("telegram", "t1");
        await harness.AnnounceAsync("announce:1");
        var onTheWire = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask<SendResult> SlowSend(CancellationToken cancellationToken)
        {
            onTheWire.TrySetResult();
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken); // the platform takes its time to answer
            return SendResult.Delivered;
        }

        var sender = new Mock<IChannelSender>();
        sender.Setup(s => s.Channel).Returns("telegram");
        sender.Setup(s => s.SendAsync(It.IsAny<ChannelAddress>(), It.IsAny<Reply>(), It.IsAny<int>(), It.IsAny<ISendPacer>(), It.IsAny<CancellationToken>()))
            .Returns((ChannelAddress _, Reply _, int _, ISendPacer _, CancellationToken ct) => SlowSend(ct));

        var stats = Assert.Single(await harness.StopWhileSendingAsync(onTheWire.Task, sender.Object));

        // Cancelled on the stop, the send would go back to pending and the next start would send it a second time.
        Assert.Equal(1, stats.Sent);
        Assert.True(stats.Done);
    }
}
