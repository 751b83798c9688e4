using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Broadcasts.Dispatch;

/// <summary>
/// Sends one platform's share of the outbox: claims due rows, paces them through the platform's limiters, sends with
/// bounded concurrency and hands each outcome to the <see cref="OutcomeWriter"/>. One lane per channel, so a slow
/// or paused platform never holds up another. The lane paces the first platform call of each send; the sender asks
/// the send's <see cref="PartPacer"/> before every later one (the parts it split the reply into), so the same
/// limiters count every call.
/// </summary>
internal sealed class ChannelLane
{
    /// <summary>No overall slot held: the ceiling is lifted (PerSecond 0), or the call's slot is already completed.</summary>
    private const int NoSlot = -1;

    private readonly IChannelSender _sender;
    private readonly IOutboxStore _store;
    private readonly OutcomeWriter _writer;
    private readonly DispatchSignal _signal;
    private readonly TimeProvider _time;
    private readonly DispatchOptions _options;
    private readonly ChannelLimits _limits;
    private readonly ILogger _logger;
    private readonly string _owner;
    private readonly LeaseKeeper? _leases;
    private readonly CompletionWindowLimiter? _overall;
    private readonly PacingLimiter? _pacing;

    // Under _gate: the lane's loop and the pacers of sends on other threads read and record them.
    private readonly Dictionary<string, WindowLimiter> _perAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WindowLimiter> _perGroup = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // One call at a time waits for the overall ceiling and books it, so two never both take the last place in a window.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConcurrentDictionary<(long, string), Reply> _replies = new();
    private readonly SemaphoreSlim _concurrency;
    private long _pausedUntilTicks;

    public ChannelLane(IChannelSender sender, IOutboxStore store, OutcomeWriter writer, DispatchSignal signal, TimeProvider time, DispatchOptions options, ChannelLimits limits, string owner, ILogger logger, LeaseKeeper? leases = null)
    {
        _leases = leases;
        _sender = sender;
        _store = store;
        _writer = writer;
        _signal = signal;
        _time = time;
        _options = options;
        _limits = limits;
        _owner = owner;
        _logger = logger;
        _overall = CompletionWindowLimiter.Create(limits.PerSecond);

        _pacing = PacingLimiter.Create(limits.PerSecond, limits.SafetyMargin);
        _concurrency = new SemaphoreSlim(options.Concurrency, options.Concurrency);
    }

    public string Channel => _sender.Channel;

    private DateTimeOffset PausedUntil => new(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero);

    /// <summary>
    /// How long a stopping lane lets the sends already on the wire finish. Cancelling them would put rows back to
    /// pending although the platform may have them, and the next start would send them again.
    /// </summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // Sends get their own token: cancelled only StopGrace after the stop, for one stuck on a dead connection.
        using var sends = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var onStop = stoppingToken.Register(() => sends.CancelAfter(StopGrace));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                var items = await _store.ClaimAsync(_owner, Channel, ClaimLimit(), now, now + _options.Lease, stoppingToken);
                if (items.Count == 0)
                {
                    await _signal.WaitAsync(_options.PollInterval, _time, stoppingToken);
                    continue;
                }

                _leases?.Hold(items);
                await SendBatchAsync(items, stoppingToken, sends.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.DispatchLoopFailed(_logger, Channel, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        // Let sends already on the wire finish and be recorded, so a clean stop leaves nothing in flight.
        for (var i = 0; i < _options.Concurrency; i++)
        {
            await _concurrency.WaitAsync(CancellationToken.None);
        }
    }

    /// <summary>Claims no more than the lane can send well within the lease at its ceiling.</summary>
    private int ClaimLimit()
    {
        if (_limits.PerSecond <= 0)
        {
            return _options.ClaimSize;
        }

        var sendable = (int)(_limits.PerSecond * _options.Lease.TotalSeconds / 2);
        return Math.Clamp(sendable, 1, _options.ClaimSize);
    }

    /// <param name="sendToken">For the sends themselves: cancelled only <see cref="StopGrace"/> after the stop.</param>
    private async Task SendBatchAsync(IReadOnlyList<OutboxItem> items, CancellationToken stoppingToken, CancellationToken sendToken)
    {
        var handled = 0;
        try
        {
            await SendBatchAsync(items, stoppingToken, sendToken, i => handled = i);
        }
        catch
        {
            // A row this lane never got to (a broken broadcast, a limiter bug): stop renewing it, so its lease lapses
            // and it is claimed again, as it would be after a crash, instead of being held for ever.
            for (var j = handled; j < items.Count; j++)
            {
                _leases?.Release(items[j].Id);
            }

            throw;
        }
    }

    private async Task SendBatchAsync(IReadOnlyList<OutboxItem> items, CancellationToken stoppingToken, CancellationToken sendToken, Action<int> reached)
    {
        PruneIdleLimiters();
        for (var i = 0; i < items.Count; i++)
        {
            reached(i);
            var item = items[i];
            if (stoppingToken.IsCancellationRequested)
            {
                DeferRest(items, i, _time.GetUtcNow());
                return;
            }

            Reply reply;
            try
            {
                reply = await ReplyForAsync(item, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                DeferRest(items, i, _time.GetUtcNow());
                return;
            }

            // This chat or group was written to too recently (a second broadcast, a multi-part message):
            // put the row back for when it may go, and keep the lane moving for everyone else.
            var now = _time.GetUtcNow();
            var addressWait = RecipientDelayAt(item, now);
            if (addressWait > TimeSpan.Zero)
            {
                _writer.Post(Channel, new OutboxOutcome(item.Id, item.Address, OutcomeKind.Deferred, now + addressWait));
                continue;
            }

            // A send slot first, then the limiters: the stamps must be taken when the request really leaves,
            // or sends queued behind busy slots would reach the platform bunched together.
            try
            {
                await _concurrency.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                DeferRest(items, i, _time.GetUtcNow());
                return;
            }

            // One call booked up front: the sender books each further part through the pacer as it gets to it.
            Booking booking;
            try
            {
                booking = await TryBookAsync(item, stoppingToken);
            }
            catch (Exception e)
            {
                // Whatever stopped us, give the slot and the rows back so nothing stays claimed by a lane that moved on.
                _concurrency.Release();
                DeferRest(items, i, _time.GetUtcNow());
                if (e is OperationCanceledException)
                {
                    return;
                }

                throw;
            }

            if (booking.RecipientWait > TimeSpan.Zero)
            {
                // A later part of another send to this chat went first while this one waited its turn: as above.
                _concurrency.Release();
                _writer.Post(Channel, new OutboxOutcome(item.Id, item.Address, OutcomeKind.Deferred, booking.At + booking.RecipientWait));
                continue;
            }

            _ = SendOneAsync(item, reply, new PartPacer(this, item, booking.Slot), sendToken);
        }
    }

    /// <summary>One platform call booked on the limiters (<see cref="Slot"/> its overall slot), or, when
    /// <see cref="RecipientWait"/> is above zero, not booked because the chat or group may not be written to before then.</summary>
    private readonly record struct Booking(int Slot, DateTimeOffset At, TimeSpan RecipientWait);

    /// <summary>
    /// In turn with every other call of the lane, waits for a global pause and the overall ceiling, then books the call
    /// on every limiter if its recipient may be written to now. The recipient's own wait is not taken in turn: a group's
    /// minute would hold up every other chat.
    /// </summary>
    private async ValueTask<Booking> TryBookAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var now = await WaitForOverallAsync(cancellationToken);
            lock (_gate)
            {
                var recipientWait = RecipientDelay(item, now);
                if (recipientWait > TimeSpan.Zero)
                {
                    return new Booking(NoSlot, now, recipientWait);
                }

                var slot = _overall?.Reserve() ?? NoSlot;
                _pacing?.Record(now);
                RecordRecipient(item, now);
                return new Booking(slot, now, TimeSpan.Zero);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>A later call of a send: as <see cref="TryBookAsync"/>, waiting out its recipient's limits instead of deferring.</summary>
    private async ValueTask<int> BookWhenFreeAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        while (true)
        {
            var booking = await TryBookAsync(item, cancellationToken);
            if (booking.RecipientWait <= TimeSpan.Zero)
            {
                return booking.Slot;
            }

            await Task.Delay(booking.RecipientWait, _time, cancellationToken);
        }
    }

    private async ValueTask<DateTimeOffset> WaitForOverallAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            var wait = PausedUntil - now;
            var overall = TimeSpan.Zero;
            if (_overall is not null)
            {
                var completed = _overall.WhenCompleted;
                if (_overall.DelayAt(now) is not { } free)
                {
                    // The request a full ceiling back is still on the wire: its response tells when the window frees.
                    await completed.WaitAsync(cancellationToken);
                    continue;
                }

                overall = free;
            }

            var paced = _pacing?.DelayAt(now) ?? TimeSpan.Zero;
            wait = overall > wait ? overall : wait;
            wait = paced > wait ? paced : wait;

            if (wait <= TimeSpan.Zero)
            {
                return now;
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    private TimeSpan RecipientDelayAt(OutboxItem item, DateTimeOffset now)
    {
        lock (_gate)
        {
            return RecipientDelay(item, now);
        }
    }

    private TimeSpan RecipientDelay(OutboxItem item, DateTimeOffset now)
    {
        var wait = _perAddress.TryGetValue(item.Address.Value, out var a) ? a.DelayAt(now) : TimeSpan.Zero;
        if (item.Scope == ConversationScope.Group && _perGroup.TryGetValue(item.Address.Value, out var g))
        {
            var groupWait = g.DelayAt(now);
            wait = groupWait > wait ? groupWait : wait;
        }

        return wait;
    }

    private void RecordRecipient(OutboxItem item, DateTimeOffset now)
    {
        Limiter(_perAddress, item.Address.Value, _limits.PerAddressPerSecond, TimeSpan.FromSeconds(1))?.Record(now);
        if (item.Scope == ConversationScope.Group)
        {
            Limiter(_perGroup, item.Address.Value, _limits.PerGroupPerMinute, TimeSpan.FromMinutes(1))?.Record(now);
        }
    }

    private WindowLimiter? Limiter(Dictionary<string, WindowLimiter> limiters, string key, double perWindow, TimeSpan unit)
    {
        if (perWindow <= 0)
        {
            return null;
        }

        if (!limiters.TryGetValue(key, out var limiter))
        {
            limiter = WindowLimiter.Create(perWindow, unit, _limits.SafetyMargin)!;
            limiters[key] = limiter;
        }

        return limiter;
    }

    private void PruneIdleLimiters()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var limiters in new[] { _perAddress, _perGroup })
            {
                if (limiters.Count > 10_000)
                {
                    foreach (var key in limiters.Where(p => p.Value.IdleSince(now)).Select(p => p.Key).ToArray())
                    {
                        limiters.Remove(key);
                    }
                }
            }
        }
    }

    private void DeferRest(IReadOnlyList<OutboxItem> items, int from, DateTimeOffset now)
    {
        for (var j = from; j < items.Count; j++)
        {
            _writer.Post(Channel, new OutboxOutcome(items[j].Id, items[j].Address, OutcomeKind.Deferred, now));
        }
    }

    private async ValueTask<Reply> ReplyForAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        if (_replies.TryGetValue((item.BroadcastId, item.Locale), out var reply))
        {
            return reply;
        }

        var content = await _store.GetContentAsync(item.BroadcastId, cancellationToken)
            ?? throw new InvalidOperationException($"broadcast {item.BroadcastId} has rows but no content");
        reply = content.ToReply(item.Locale);
        _replies[(item.BroadcastId, item.Locale)] = reply;
        return reply;
    }

    /// <summary>A call was answered: its overall slot frees a window from now.</summary>
    private void CompleteSlot(int slot)
    {
        if (_overall is not null && slot != NoSlot)
        {
            _overall.Complete(slot, _time.GetUtcNow());
        }
    }

    /// <summary>
    /// The pacer one send hands its sender: each later call is booked like the first, on the overall, chat and group
    /// limiters. The call before has been answered by then, so its overall slot is completed first; held while waiting,
    /// a reply of more parts than the ceiling would wait for its own slot.
    /// </summary>
    private sealed class PartPacer(ChannelLane lane, OutboxItem item, int firstSlot) : ISendPacer
    {
        private int _slot = firstSlot;

        public async ValueTask WaitForNextCallAsync(CancellationToken cancellationToken)
        {
            lane.CompleteSlot(Interlocked.Exchange(ref _slot, NoSlot));
            var slot = await lane.BookWhenFreeAsync(item, cancellationToken);
            Interlocked.Exchange(ref _slot, slot);
        }

        /// <summary>The send is over, its last call answered.</summary>
        public void Complete() => lane.CompleteSlot(Interlocked.Exchange(ref _slot, NoSlot));
    }

    private async Task SendOneAsync(OutboxItem item, Reply reply, PartPacer pacer, CancellationToken sendToken)
    {
        OutboxOutcome outcome;
        try
        {
            SendResult result;
            try
            {
                // A multi-part message whose first parts went out on an earlier attempt resumes after them.
                result = await _sender.SendAsync(item.Address, reply, item.PartsSent, pacer, sendToken);
            }
            catch (OperationCanceledException) when (sendToken.IsCancellationRequested)
            {
                // Still on the wire StopGrace after the stop: it may or may not have left; back to pending (this is
                // the "in flight" case of the guarantee).
                _writer.Post(Channel, new OutboxOutcome(item.Id, item.Address, OutcomeKind.Deferred, _time.GetUtcNow()));
                return;
            }
            catch (Exception e)
            {
                Log.SenderThrew(_logger, Channel, e);
                result = new SendResult.Failed(e.GetType().Name, Transient: true);
            }

            outcome = ToOutcome(item, result, _time.GetUtcNow());
        }
        finally
        {
            pacer.Complete();
            _concurrency.Release();
        }

        _writer.Post(Channel, outcome);
    }

    private OutboxOutcome ToOutcome(OutboxItem item, SendResult result, DateTimeOffset now)
    {
        // Parts the platform accepted so far, this attempt or an earlier one: the retry starts after them.
        var partsSent = Math.Max(item.PartsSent, result.PartsSent);
        switch (result)
        {
            case SendResult.DeliveredResult:
                return new OutboxOutcome(item.Id, item.Address, OutcomeKind.Sent);
            case SendResult.RetryAfter retry:
                if (retry.Global)
                {
                    var until = now + retry.Delay;
                    if (until > PausedUntil)
                    {
                        Interlocked.Exchange(ref _pausedUntilTicks, until.UtcTicks);
                        Log.GlobalPause(_logger, Channel, retry.Delay.TotalSeconds);
                    }
                }

                return new OutboxOutcome(item.Id, item.Address, OutcomeKind.RateLimited, now + retry.Delay, "rate limited", partsSent);
            case SendResult.RecipientGone gone:
                Log.RecipientGone(_logger, Channel, gone.Reason);
                return new OutboxOutcome(item.Id, item.Address, OutcomeKind.Gone, Error: gone.Reason);
            case SendResult.Failed failed:
                var attempt = item.Attempts + 1;
                Log.SendFailed(_logger, Channel, failed.Reason, attempt, failed.Transient);
                if (failed.Transient && attempt < _options.MaxAttempts)
                {
                    return new OutboxOutcome(item.Id, item.Address, OutcomeKind.Retry, now + Backoff(attempt), failed.Reason, partsSent);
                }

                return new OutboxOutcome(item.Id, item.Address, OutcomeKind.Failed, Error: failed.Reason);
            default:
                return new OutboxOutcome(item.Id, item.Address, OutcomeKind.Failed, Error: "unknown send result");
        }
    }

    /// <summary>Exponential, capped, with ±20% jitter so recipients failed together do not retry together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(_options.MaxBackoff.TotalSeconds, _options.Backoff.TotalSeconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
