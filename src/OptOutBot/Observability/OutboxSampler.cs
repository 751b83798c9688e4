using System.Diagnostics.Metrics;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Hosting;

namespace OptOutBot.Observability;

/// <summary>
/// Reads the outbox counts from the store every 15 s for the outbox gauges (a gauge callback cannot wait for a
/// query). The same store query backs <c>/metrics/broadcasts</c>, so both always agree.
/// </summary>
internal sealed class OutboxSampler(IOutboxStore outbox, BotInstruments instruments, TimeProvider time, ILogger<OutboxSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                instruments.Outbox(Snapshot(await outbox.ListStatsAsync(50, stoppingToken).ConfigureAwait(false), time.GetUtcNow()));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage trouble shows in /readyz; the gauges keep their last values meanwhile.
                Log.OutboxSampleFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal static OutboxSnapshot Snapshot(IReadOnlyList<BroadcastStats> stats, DateTimeOffset now)
    {
        var perBroadcast = new List<Measurement<long>>(stats.Count * 6);
        foreach (var s in stats)
        {
            foreach (var (state, value) in new[] { ("queued", s.Queued), ("in_flight", s.InFlight), ("sent", s.Sent), ("retried", s.Retried), ("gone", s.Gone), ("failed", s.Failed) })
            {
                perBroadcast.Add(new Measurement<long>(value, new("broadcast", s.Id), new("kind", s.Kind.ToString().ToLowerInvariant()), new("state", state)));
            }
        }

        var waiting = stats.Where(s => s.Queued + s.InFlight > 0).ToList();
        var oldest = waiting.Count == 0 ? 0 : Math.Max(0, (now - waiting.Min(s => s.CreatedAt)).TotalSeconds);
        return new OutboxSnapshot(waiting.Sum(s => (long)s.Queued + s.InFlight), oldest, perBroadcast);
    }
}
