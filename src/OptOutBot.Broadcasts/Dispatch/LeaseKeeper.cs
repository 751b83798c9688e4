using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OptOutBot.Broadcasts.Outbox;

namespace OptOutBot.Broadcasts.Dispatch;

/// <summary>
/// The heartbeat of this process's claims. A claim is a short lease (<see cref="DispatchOptions.Lease"/>, 30 s by
/// default) that the keeper renews every third of a lease for every row this process holds: claimed, and its outcome
/// not yet written. A live host therefore keeps its rows however long its sends take, and a host that died (kill -9,
/// power cut) stops renewing, so its rows come back to any instance sharing the outbox within one lease.
/// </summary>
internal sealed class LeaseKeeper(IOutboxStore store, TimeProvider time, DispatchOptions options, string owner, ILogger logger)
{
    private readonly ConcurrentDictionary<long, byte> _held = new();

    /// <summary>A third of the lease: two heartbeats can fail before a live host's rows are up for grabs.</summary>
    public TimeSpan Interval => options.Lease / 3;

    /// <summary>Rows held now (claimed, outcome not yet written).</summary>
    public int Count => _held.Count;

    public void Hold(IEnumerable<OutboxItem> items)
    {
        foreach (var item in items)
        {
            _held[item.Id] = 0;
        }
    }

    /// <summary>The outcome is written (or the row was given up): stop renewing it.</summary>
    public void Release(long id) => _held.TryRemove(id, out _);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task RenewOnceAsync(CancellationToken cancellationToken = default)
    {
        var ids = _held.Keys.ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        try
        {
            await store.RenewAsync(owner, ids, time.GetUtcNow() + options.Lease, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The next heartbeat tries again; a lease only lapses after three missed ones in a row.
            Log.LeaseRenewalFailed(logger, ids.Length, e);
        }
    }
}
