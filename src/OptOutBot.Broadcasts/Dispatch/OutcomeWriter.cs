using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OptOutBot.Broadcasts.Outbox;

namespace OptOutBot.Broadcasts.Dispatch;

/// <summary>
/// Writes send outcomes to the outbox in batches: one transaction for hundreds of rows is what lets a SQLite outbox keep
/// up with thousands of messages a second. An outcome not yet written when the process dies leaves its row in flight,
/// to be sent again after the lease: that is the "in-flight may be sent twice" part of the guarantee.
/// </summary>
internal sealed class OutcomeWriter(IOutboxStore store, string owner, TimeProvider time, DispatchOptions options, BroadcastMetrics metrics, ILogger logger, LeaseKeeper? leases = null)
{
    private readonly Channel<(string Channel, OutboxOutcome Outcome)> _pending = System.Threading.Channels.Channel.CreateUnbounded<(string, OutboxOutcome)>(
        new UnboundedChannelOptions { SingleReader = true });

    public void Post(string channel, OutboxOutcome outcome) => _pending.Writer.TryWrite((channel, outcome));

    /// <summary>Call once every lane has stopped posting; <see cref="RunAsync"/> then drains and returns.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    public async Task RunAsync()
    {
        var batch = new List<OutboxOutcome>(options.CompletionBatch);
        var channels = new List<string>(options.CompletionBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < options.CompletionBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next.Outcome);
                channels.Add(next.Channel);
            }

            // Never drop an outcome: a lost "sent" would mean a second delivery, a lost "gone" a dead subscription.
            while (true)
            {
                try
                {
                    await store.CompleteAsync(owner, batch, time.GetUtcNow());
                    break;
                }
                catch (Exception e)
                {
                    Log.CompletionFailed(logger, batch.Count, e);
                    await Task.Delay(TimeSpan.FromSeconds(1), time);
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                leases?.Release(batch[i].Id);
                metrics.Record(channels[i], batch[i].Kind);
            }

            batch.Clear();
            channels.Clear();
        }
    }
}
