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
        var writer = new OutcomeWriter(store, time, o.Dispatch, metrics, logger);
        var writing = Task.Run(writer.RunAsync, CancellationToken.None);
        var lanes = senders
            .GroupBy(s => s.Channel, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ChannelLane(g.First(), store, writer, signal, time, o.Dispatch, o.LimitsFor(g.Key), Owner, logger))
            .ToArray();

        try
        {
            await Task.WhenAll(lanes.Select(l => Task.Run(() => l.RunAsync(stoppingToken), CancellationToken.None)));
        }
        finally
        {
            writer.Complete();
            await writing;
        }
    }
}
