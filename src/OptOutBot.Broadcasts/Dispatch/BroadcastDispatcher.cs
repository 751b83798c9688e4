using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Broadcasts.Dispatch;

/// <summary>Drains the outbox through every registered <see cref="IChannelSender"/>, one rate-limited lane per platform.</summary>
public sealed class BroadcastDispatcher(
    IEnumerable<IChannelSender> senders,
    IOutboxStore store,
    DispatchSignal signal,
    BroadcastMetrics metrics,
    TimeProvider time,
    IOptions<BroadcastsOptions> options,
    ILogger<BroadcastDispatcher> logger) : BackgroundService
{
    /// <summary>Names this process in claims, so an operator can see who holds a row.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var leases = new LeaseKeeper(store, time, o.Dispatch, Owner, logger);
        var writer = new OutcomeWriter(store, Owner, time, o.Dispatch, metrics, logger, leases);
        var writing = Task.Run(writer.RunAsync, CancellationToken.None);

        // The heartbeat outlives the lanes: sends finishing within StopGrace and outcomes still being written keep their rows.
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = leases.RunAsync(heartbeatStop.Token); // its timer starts now, before the first claim
        var lanes = senders
            .GroupBy(s => s.Channel, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ChannelLane(g.First(), store, writer, signal, time, o.Dispatch, o.LimitsFor(g.Key), Owner, logger, leases))
            .ToArray();

        try
        {
            await Task.WhenAll(lanes.Select(l => Task.Run(() => l.RunAsync(stoppingToken), CancellationToken.None)));
        }
        finally
        {
            writer.Complete();
            await writing;
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }
}
