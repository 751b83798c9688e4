using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace OptOutBot.Adapters.BotFramework.Tests.Support;

/// <summary>
/// The package's <see cref="FakeTimeProvider"/> (its clock, its timers), plus a record of each wait the code under test
/// starts. Polly's retry delays only end when the clock moves; the record tells a test when a send is waiting and for
/// how long, so it can move the clock exactly that far instead of guessing, and check the wait itself.
/// </summary>
internal sealed class WaitRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>A guard, not a measure: a send that never finishes fails its test instead of hanging the run.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private readonly Channel<TimeSpan> _started = Channel.CreateUnbounded<TimeSpan>();
    private readonly List<TimeSpan> _waits = [];

    /// <summary>Every wait started so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return [.. _waits];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            // Recorded after the base class has registered the timer, so moving the clock now does fire it.
            lock (_waits)
            {
                _waits.Add(dueTime);
            }

            _started.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>The next wait the code starts (one already started and not yet taken counts).</summary>
    public async Task<TimeSpan> NextWaitAsync() => await _started.Reader.ReadAsync().AsTask().WaitAsync(Hang);

    /// <summary>Lets <paramref name="work"/> run to its end, moving the clock past each wait it starts, and only then.</summary>
    public async Task<T> CompleteAsync<T>(Task<T> work)
    {
        while (true)
        {
            var next = _started.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(work, next).WaitAsync(Hang) == work)
            {
                return await work;
            }

            while (_started.Reader.TryRead(out var wait))
            {
                Advance(wait);
            }
        }
    }
}
