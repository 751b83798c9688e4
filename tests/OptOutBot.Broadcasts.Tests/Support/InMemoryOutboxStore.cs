using OptOutBot.Broadcasts.Outbox;

namespace OptOutBot.Broadcasts.Tests.Support;

/// <summary>Just enough of the outbox for scheduler tests: the reminder plan and broadcasts by key.</summary>
internal sealed class InMemoryOutboxStore : IOutboxStore
{
    private readonly Dictionary<string, ReminderRecord> _reminders = new(StringComparer.Ordinal);

    public List<BroadcastDraft> Broadcasts { get; } = [];

    public int PlanCalls { get; private set; }

    /// <summary>Simulates a crash right after the broadcast was planned, before the reminder was marked fired.</summary>
    public bool FailNextReminderSave { get; set; }

    public IReadOnlyDictionary<string, ReminderRecord> Reminders => _reminders;

    public ValueTask<PlanResult> PlanAsync(BroadcastDraft draft, CancellationToken cancellationToken = default)
    {
        PlanCalls++;
        var index = Broadcasts.FindIndex(b => b.Key == draft.Key);
        if (index >= 0)
        {
            return ValueTask.FromResult(new PlanResult(index + 1, false, 1));
        }

        Broadcasts.Add(draft);
        return ValueTask.FromResult(new PlanResult(Broadcasts.Count, true, 1));
    }

    public ValueTask<IReadOnlyList<ReminderRecord>> ListRemindersAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<ReminderRecord>>(_reminders.Values.ToArray());

    public ValueTask SaveReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken = default)
    {
        if (FailNextReminderSave)
        {
            FailNextReminderSave = false;
            throw new IOException("simulated crash");
        }

        _reminders[reminder.Key] = reminder;
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, string channel, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<OutboxItem>>([]);

    public ValueTask<int> RenewAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

    public ValueTask CompleteAsync(string owner, IReadOnlyList<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<BroadcastContent?> GetContentAsync(long broadcastId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<BroadcastContent?>(Broadcasts[(int)broadcastId - 1].Content);

    public ValueTask<IReadOnlyList<BroadcastStats>> ListStatsAsync(int limit, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<BroadcastStats>>([]);

    public ValueTask<IReadOnlyList<ChannelStats>> ListChannelStatsAsync(int limit, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<ChannelStats>>([]);
}
