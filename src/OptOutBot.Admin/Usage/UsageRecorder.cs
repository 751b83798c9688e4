using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Admin.Usage;

/// <summary>
/// Adds each turn to an in-memory tally (day, channel, language, outcome, topic), written to
/// <see cref="IUsageCounterStore"/> in batches. Only the aggregate key is kept: never who asked, never what.
/// </summary>
public sealed class UsageRecorder(IUsageCounterStore store, TimeProvider time)
{
    private readonly object gate = new();
    private Dictionary<Key, long> pending = [];

    public void Record(InboundMessage message, TurnResult result)
    {
        var key = new Key(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), message.Channel, result.Locale, OutcomeName(result.Outcome), TopicOf(result));
        lock (gate)
        {
            pending[key] = pending.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>Writes what is pending; on failure puts it back so nothing is lost or counted twice.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Dictionary<Key, long> batch;
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return;
            }

            batch = pending;
            pending = [];
        }

        try
        {
            await store.AddAsync(batch.Select(p => new UsageCount(p.Key.Day, p.Key.Channel, p.Key.Locale, p.Key.Outcome, p.Key.Topic, p.Value)).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (gate)
            {
                foreach (var (key, count) in batch)
                {
                    pending[key] = pending.GetValueOrDefault(key) + count;
                }
            }

            throw;
        }
    }

    /// <summary>The same outcome names as the web endpoint and <c>ask --json</c>: topic, clarify, fallback, flowStep, command, invalid.</summary>
    public static string OutcomeName(TurnOutcome outcome)
    {
        var name = outcome.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    // A topic id, a flow id or a command name are content identifiers, never what the person wrote.
    private static string TopicOf(TurnResult result) => result.Outcome switch
    {
        TurnOutcome.Topic => result.TopicId ?? "",
        TurnOutcome.FlowStep => result.FlowStep is { } step ? step.Split('/')[0] : result.TopicId ?? "",
        TurnOutcome.Command => result.Command ?? "",
        _ => "",
    };

    private readonly record struct Key(DateOnly Day, string Channel, string Locale, string Outcome, string Topic);
}
