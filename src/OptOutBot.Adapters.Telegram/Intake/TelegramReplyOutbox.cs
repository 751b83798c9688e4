using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>
/// Sends the answers that did not travel inline in a webhook response. They are stored in the update log before the
/// webhook is acknowledged, so a crash loses none: every instance claims queued answers with a lease (an instance that
/// dies leaves them to another, or to its own next start). A clean stop finishes what is on the wire within
/// <see cref="DrainTime"/> and gives the rest back for the next start. Each turn's calls stay in order.
/// </summary>
internal sealed class TelegramReplyOutbox(IUpdateLog updateLog, PlannedCallRunner runner, TimeProvider time, ILogger<TelegramReplyOutbox> logger) : BackgroundService
{
    public static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    // Claims no more than it sends at once: a kill -9 can repeat at most this many replies (sent, not yet marked).
    private const int Concurrency = 8;
    private const int ClaimSize = Concurrency;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the sender at once (an answer was just queued on this instance); others find it on their next poll.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Sends already claimed finish on their own clock after a stop is asked for, within DrainTime.
        using var drain = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() => drain.CancelAfter(DrainTime));
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueuedAnswer> claimed;
            try
            {
                claimed = await updateLog.ClaimQueuedAsync(TelegramUpdateHandler.Channel, _owner, ClaimSize, time.GetUtcNow() + Lease, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.ReplyOutboxFailed(logger, e);
                claimed = [];
            }

            if (claimed.Count == 0)
            {
                try
                {
                    await _signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            await SendAsync(claimed, drain.Token).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(IReadOnlyList<QueuedAnswer> claimed, CancellationToken drain)
    {
        var delivered = new List<string>(claimed.Count);
        var left = new List<string>();
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (answer, _) =>
        {
            var done = false;
            if (!drain.IsCancellationRequested)
            {
                try
                {
                    await runner.RunAsync(StoredCalls.FromJson(answer.Answer), drain).ConfigureAwait(false);
                    done = true;
                }
                catch (OperationCanceledException) when (drain.IsCancellationRequested)
                {
                    // Cut off by the end of the drain: sent again at the next start (it may have reached Telegram).
                }
                catch (System.Text.Json.JsonException e)
                {
                    // An answer this version cannot read would be retried forever: drop it, loudly.
                    Log.CallCrashed(logger, e);
                    done = true;
                }
            }

            lock (delivered)
            {
                (done ? delivered : left).Add(answer.UpdateId);
            }
        }).ConfigureAwait(false);

        try
        {
            await updateLog.MarkDeliveredAsync(TelegramUpdateHandler.Channel, delivered, CancellationToken.None).ConfigureAwait(false);
            if (left.Count > 0)
            {
                await updateLog.ReleaseAsync(TelegramUpdateHandler.Channel, left, CancellationToken.None).ConfigureAwait(false);
                Log.ReplyOutboxStopped(logger, left.Count);
            }
        }
        catch (Exception e)
        {
            // The leases run out and the answers are claimed again (a possible duplicate rather than a loss).
            Log.ReplyOutboxFailed(logger, e);
        }
    }
}
