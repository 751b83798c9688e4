using Microsoft.Extensions.Time.Testing;
using OptOutBot.Broadcasts.Tests.Support;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Broadcasts.Tests.Dispatch;

/// <summary>
/// A reply the sender splits into several platform calls is paced call by call by the lane's limiters, as the platform
/// counts them: the chat's spacing, the overall ceiling and a global pause hold every part, not just the first.
/// </summary>
public sealed class PacedPartsTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow.AddSeconds(1));

    private static DispatchHarness Harness(ChannelLimits telegram) =>
        new(DispatchHarness.FastOptions(o => o.Limits["telegram"] = telegram));

    [Fact]
    public async Task ThreePartReply_ToOneChat_ItsPartsArriveAtLeastTheChatLimitApart()
    {
        await using var harness = Harness(new() { PerAddressPerSecond = 1, SafetyMargin = 0 });
        await harness.SubscribeAsync("telegram", "42");
        await harness.AnnounceAsync("announce:long");
        var time = Clock();
        var sender = new SplittingSender("telegram", 3, time);

        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(time, Step, sender));

        Assert.Equal(1, stats.Sent);
        var calls = sender.Calls.ToArray();
        Assert.Equal([0, 1, 2], calls.Select(c => c.Part));
        Assert.All(calls.Zip(calls.Skip(1)), pair => Assert.True(
            pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1),
            $"part {pair.Second.Part} reached the chat {(pair.Second.At - pair.First.At).TotalMilliseconds} ms after part {pair.First.Part}"));
    }

    [Fact]
    public async Task ThreePartReplies_EveryPartCountsAgainstTheOverallCeiling()
    {
        await using var harness = Harness(new() { PerSecond = 2, SafetyMargin = 0 });
        foreach (var chat in new[] { "1", "2", "3" })
        {
            await harness.SubscribeAsync("telegram", chat);
        }

        await harness.AnnounceAsync("announce:long");
        var time = Clock();
        var sender = new SplittingSender("telegram", 3, time);

        var stats = Assert.Single(await harness.DispatchUntilDoneAsync(time, Step, sender));

        // Three recipients of a three-part reply are nine calls, more than the ceiling per message: never three in a second.
        Assert.Equal(3, stats.Sent);
        var times = sender.Calls.Select(c => c.At).Order().ToArray();
        Assert.Equal(9, times.Length);
        for (var i = 2; i < times.Length; i++)
        {
            Assert.True(times[i] - times[i - 2] >= TimeSpan.FromSeconds(1), $"calls {i - 1} to {i + 1} went out within {(times[i] - times[i - 2]).TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task GlobalPause_WhileAReplyIsBetweenParts_HoldsItsNextPartUntilThePauseEnds()
    {
        await using var harness = Harness(new() { PerAddressPerSecond = 1, SafetyMargin = 0 });
        await harness.SubscribeAsync("telegram", "long", topic: "a");
        await harness.SubscribeAsync("telegram", "pauser", topic: "b");
        await harness.AnnounceAsync("announce:a", topic: "a");
        await harness.AnnounceAsync("announce:b", topic: "b");
        var pause = TimeSpan.FromSeconds(10);
        var time = Clock();
        var sender = new SplittingSender("telegram", 2, time, (address, part, attempt) =>
            (address, part, attempt) == ("pauser", 0, 1) ? new SendResult.RetryAfter(pause, Global: true) : SendResult.Delivered);

        var stats = await harness.DispatchUntilDoneAsync(time, Step, sender);

        Assert.All(stats, s => Assert.Equal(1, s.Sent));
        var calls = sender.Calls.ToList();
        var paused = calls.FindIndex(c => c.Address == "pauser");
        Assert.True(calls.FindIndex(c => c is { Address: "long", Part: 0 }) < paused, "the long reply had not started when the platform paused the bot");
        var held = calls.Single(c => c is { Address: "long", Part: 1 }).At - calls[paused].At;
        Assert.True(held >= pause, $"its second part went {held.TotalSeconds} s into a {pause.TotalSeconds} s global pause");
    }
}
