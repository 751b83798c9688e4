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

/// <summary>
/// Spreads sends evenly at a steady rate (one every <c>interval</c>) against an ideal schedule, so a late timer wake-up
/// is caught up instead of lowering the rate; after idling, at most <c>tolerance</c> worth of sends may go at once.
/// The <see cref="WindowLimiter"/> stays the hard guarantee; this only avoids bursts at the start of each window.
/// </summary>
internal sealed class PacingLimiter(TimeSpan interval, TimeSpan tolerance)
{
    private DateTimeOffset _next;

    public static PacingLimiter? Create(double perSecond, double safetyMargin) =>
        perSecond <= 0 ? null : new PacingLimiter(TimeSpan.FromSeconds((1 + safetyMargin) / perSecond), TimeSpan.FromMilliseconds(100));

    public TimeSpan DelayAt(DateTimeOffset now) => _next > now ? _next - now : TimeSpan.Zero;

    public void Record(DateTimeOffset now)
    {
        var floor = now - tolerance;
        _next = (_next > floor ? _next : floor) + interval;
    }
}

/// <summary>
/// The hard overall ceiling: at most <c>count</c> requests in any <c>window</c> as the platform counts them. A slot is
/// reserved when a request leaves and stamped when its response arrives; the platform saw the request somewhere
/// between the two, so waiting a full window after the response of the request <c>count</c> places back guarantees
/// the platform never counts one too many, whatever the network jitter. Thread-safe: sends complete on other threads.
/// </summary>
internal sealed class CompletionWindowLimiter
{
    private const long Pending = long.MaxValue;
    private readonly long[] _stamps;
    private readonly TimeSpan _window;
    private readonly Lock _lock = new();
    private int _next;
    private TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CompletionWindowLimiter(int count, TimeSpan window)
    {
        _stamps = new long[count];
        _window = window;
    }

    public static CompletionWindowLimiter? Create(double perSecond) =>
        perSecond <= 0 ? null : new CompletionWindowLimiter(Math.Max(1, (int)Math.Floor(perSecond)), TimeSpan.FromSeconds(Math.Max(1, Math.Floor(perSecond)) / perSecond));

    /// <summary>Zero when a request may leave now; null when the slot it needs is still in flight (wait for <see cref="WhenCompleted"/>).</summary>
    public TimeSpan? DelayAt(DateTimeOffset now)
    {
        lock (_lock)
        {
            var stamp = _stamps[_next];
            if (stamp == Pending)
            {
                return null;
            }

            var free = new DateTimeOffset(stamp, TimeSpan.Zero) + _window;
            return stamp == 0 || free <= now ? TimeSpan.Zero : free - now;
        }
    }

    public Task WhenCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed.Task;
            }
        }
    }

    public int Reserve()
    {
        lock (_lock)
        {
            var slot = _next;
            _stamps[slot] = Pending;
            _next = (_next + 1) % _stamps.Length;
            return slot;
        }
    }

    public void Complete(int slot, DateTimeOffset at)
    {
        TaskCompletionSource completed;
        lock (_lock)
        {
            _stamps[slot] = at.UtcTicks;
            completed = _completed;
            _completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        completed.TrySetResult();
    }
}
