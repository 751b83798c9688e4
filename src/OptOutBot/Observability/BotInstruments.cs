using System.Diagnostics;
using System.Diagnostics.Metrics;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Diagnostics;

namespace OptOutBot.Observability;

/// <summary>The host's instruments on the shared <see cref="BotMeter"/>: turns, their latency, dedupe hits, the outbox. No ids, no text.</summary>
internal sealed class BotInstruments
{
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _dedupeHits;
    private OutboxSnapshot _outbox = new(0, 0, []);

    public BotInstruments(IMeterFactory meters)
    {
        var meter = BotMeter.Get(meters);
        _turns = meter.CreateCounter<long>("optoutbot.turns", "{turn}", "Turns answered, by channel and outcome");
        _turnDuration = meter.CreateHistogram<double>("optoutbot.turn.duration", "s", "Time the engine took for one turn",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        _dedupeHits = meter.CreateCounter<long>("optoutbot.dedupe.hits", "{update}", "Redelivered updates recognised and not answered again");
        meter.CreateObservableGauge("optoutbot.outbox.depth", () => Volatile.Read(ref _outbox).Depth, "{message}", "Outbox messages queued or in flight");
        meter.CreateObservableGauge("optoutbot.outbox.age", () => Volatile.Read(ref _outbox).OldestAgeSeconds, "s", "Age of the oldest broadcast with messages still queued");
        meter.CreateObservableGauge("optoutbot.broadcast.messages", () => Volatile.Read(ref _outbox).PerBroadcast, "{message}", "Per recent broadcast, its messages by state");
    }

    public void Turn(string channel, TurnOutcome? outcome, double seconds)
    {
        var tags = new TagList { { "channel", channel }, { "outcome", outcome is { } o ? OutcomeName(o) : "error" } };
        _turns.Add(1, tags);
        _turnDuration.Record(seconds, tags);
    }

    public void DedupeHit(string channel) => _dedupeHits.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Outbox(OutboxSnapshot snapshot) => Volatile.Write(ref _outbox, snapshot);

    private static string OutcomeName(TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.Topic => "topic",
        TurnOutcome.Clarify => "clarify",
        TurnOutcome.Fallback => "fallback",
        TurnOutcome.FlowStep => "flow_step",
        TurnOutcome.Command => "command",
        _ => "invalid",
    };
}

/// <summary>What the outbox sampler last read from the store.</summary>
internal sealed record OutboxSnapshot(long Depth, double OldestAgeSeconds, IReadOnlyList<Measurement<long>> PerBroadcast);
