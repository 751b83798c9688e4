using System.Diagnostics.Metrics;
using OptOutBot.Engine.Diagnostics;

namespace OptOutBot.Broadcasts.Dispatch;

/// <summary>Counters for the host's metrics (on the shared <see cref="BotMeter"/>); per-broadcast totals come from the outbox store.</summary>
public sealed class BroadcastMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _gone;
    private readonly Counter<long> _failed;

    public BroadcastMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = BotMeter.Get(meterFactory);
        _queued = _meter.CreateCounter<long>("optoutbot.broadcast.queued", description: "Outbox rows created");
        _sent = _meter.CreateCounter<long>("optoutbot.broadcast.sent", description: "Messages delivered");
        _retried = _meter.CreateCounter<long>("optoutbot.broadcast.retried", description: "Sends to try again (429, 5xx, timeout)");
        _gone = _meter.CreateCounter<long>("optoutbot.broadcast.gone", description: "Recipients gone and unsubscribed");
        _failed = _meter.CreateCounter<long>("optoutbot.broadcast.failed", description: "Messages given up on");
    }

    public void Queued(int count) => _queued.Add(count);

    public void Record(string channel, Outbox.OutcomeKind kind)
    {
        var tag = new KeyValuePair<string, object?>("channel", channel);
        switch (kind)
        {
            case Outbox.OutcomeKind.Sent: _sent.Add(1, tag); break;
            case Outbox.OutcomeKind.Retry or Outbox.OutcomeKind.RateLimited: _retried.Add(1, tag); break;
            case Outbox.OutcomeKind.Gone: _gone.Add(1, tag); break;
            case Outbox.OutcomeKind.Failed: _failed.Add(1, tag); break;
        }
    }

    // The meter belongs to the factory (shared by every feature); it disposes it with the host.
    public void Dispose()
    {
    }
}
