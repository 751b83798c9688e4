namespace OptOutBot.Broadcasts.Dispatch;

/// <summary>
/// At most <c>count</c> sends in any window of <c>window</c>, measured from the recorded send times: a ring of the last
/// <c>count</c> stamps, and the next send may leave once the oldest is a full window old. Unlike a token bucket it never
/// lets a burst exceed what a platform's sliding-window counter would accept. Not thread-safe: one lane owns it.
/// </summary>
internal sealed class WindowLimiter
{
    private readonly DateTimeOffset[] _stamps;
    private readonly TimeSpan _window;
    private int _oldest;

    public WindowLimiter(int count, TimeSpan window)
    {
        _stamps = new DateTimeOffset[Math.Max(1, count)];
        _window = window;
    }

    /// <summary>A limiter for <paramref name="perWindow"/> sends per <paramref name="unit"/>, or null when the limit is lifted (0).</summary>
    public static WindowLimiter? Create(double perWindow, TimeSpan unit, double safetyMargin)
    {
        if (perWindow <= 0)
        {
            return null;
        }

        // 30/s → 30 per 1 s; 0.5/s → 1 per 2 s; 2.5/s → 2 per 0.8 s.
        var count = perWindow >= 1 ? (int)Math.Floor(perWindow) : 1;
        var window = unit * (count / perWindow) * (1 + safetyMargin);
        return new WindowLimiter(count, window);
    }

    public DateTimeOffset LastSend { get; private set; }

    /// <summary>How long until one more send is allowed; zero when it is allowed now.</summary>
    public TimeSpan DelayAt(DateTimeOffset now)
    {
        var free = _stamps[_oldest] + _window;
        return _stamps[_oldest] == default || free <= now ? TimeSpan.Zero : free - now;
    }

    public void Record(DateTimeOffset now)
    {
        _stamps[_oldest] = now;
        _oldest = (_oldest + 1) % _stamps.Length;
        LastSend = now;
    }

    public bool IdleSince(DateTimeOffset now) => LastSend + _window < now;
}
