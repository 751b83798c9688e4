using Microsoft.Extensions.Time.Testing;
using OptOutBot.Adapters.Telegram.Sending;

namespace OptOutBot.Adapters.Telegram.Tests.Sending;

public sealed class TelegramRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly TimeSpan _patient = TimeSpan.FromHours(1);

    [Fact]
    public void ManyChats_AboutThirtyPerSecondOverall()
    {
        var limiter = new TelegramRateLimiter(_time);

        var waits = Enumerable.Range(1, 61).Select(chat => limiter.Reserve(chat, _patient)!.Value).ToList();

        Assert.Equal(TimeSpan.Zero, waits[0]);
        Assert.InRange(waits[30].TotalSeconds, 0.99, 1.01);
        Assert.InRange(waits[60].TotalSeconds, 1.99, 2.01);
    }

    [Fact]
    public void SameChat_OnePerSecond()
    {
        var limiter = new TelegramRateLimiter(_time);

        Assert.Equal(TimeSpan.Zero, limiter.Reserve(7, _patient));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve(7, _patient));
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.Reserve(7, _patient));
    }

    [Fact]
    public void Group_TwentyPerMinute()
    {
        var limiter = new TelegramRateLimiter(_time);

        var waits = Enumerable.Range(0, 21).Select(_ => limiter.Reserve(-100, _patient)!.Value).ToList();

        Assert.Equal(TimeSpan.FromSeconds(19), waits[19]);
        Assert.Equal(TimeSpan.FromSeconds(60), waits[20]);
    }

    [Fact]
    public void WaitBeyondMax_NothingBooked()
    {
        var limiter = new TelegramRateLimiter(_time);
        limiter.Reserve(7, _patient);

        Assert.Null(limiter.Reserve(7, TimeSpan.FromMilliseconds(500)));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(7, TimeSpan.Zero));
    }
}
