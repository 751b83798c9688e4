using OptOutBot.Broadcasts.Dispatch;

namespace OptOutBot.Broadcasts.Tests.Dispatch;

public sealed class WindowLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TelegramGroupLimit_TwentyPerMinute_TheTwentyFirstWaitsForTheFirstToAgeOut()
    {
        var limiter = WindowLimiter.Create(20, TimeSpan.FromMinutes(1), safetyMargin: 0)!;
        for (var i = 0; i < 20; i++)
        {
            var at = T0.AddSeconds(i);
            Assert.Equal(TimeSpan.Zero, limiter.DelayAt(at));
            limiter.Record(at);
        }

        Assert.Equal(TimeSpan.FromSeconds(41), limiter.DelayAt(T0.AddSeconds(19)));
        Assert.Equal(TimeSpan.Zero, limiter.DelayAt(T0.AddSeconds(60)));
    }

    [Fact]
    public void AnyWindow_NeverHoldsMoreThanTheCeiling()
    {
        var limiter = WindowLimiter.Create(30, TimeSpan.FromSeconds(1), safetyMargin: 0.03)!;
        var now = T0;
        var sends = new List<DateTimeOffset>();
        while (sends.Count < 300)
        {
            var wait = limiter.DelayAt(now);
            now += wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
            if (limiter.DelayAt(now) == TimeSpan.Zero)
            {
                limiter.Record(now);
                sends.Add(now);
            }
        }

        for (var i = 30; i < sends.Count; i++)
        {
            Assert.True(sends[i] - sends[i - 30] >= TimeSpan.FromSeconds(1), $"31 sends within a second at {i}");
        }

        // Measured from the end of one burst to the end of another, the rate is the ceiling less the 3% safety margin.
        var rate = (sends.Count - 30) / (sends[^1] - sends[29]).TotalSeconds;
        Assert.InRange(rate, 29.0, 30);
    }

    [Fact]
    public void FractionalRates_BecomeOneSendPerLongerWindow()
    {
        var limiter = WindowLimiter.Create(0.5, TimeSpan.FromSeconds(1), 0)!;
        limiter.Record(T0);
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.DelayAt(T0));
        Assert.Null(WindowLimiter.Create(0, TimeSpan.FromSeconds(1), 0));
    }
}
