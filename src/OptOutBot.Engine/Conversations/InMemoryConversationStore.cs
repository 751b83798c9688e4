using System.Collections.Concurrent;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Engine.Conversations;

/// <summary>State kept in this process only: for the terminal verbs (ask, chat), tests and benchmarks.</summary>
public sealed class InMemoryConversationStore : IConversationStore, IPersonalDataSource
{
    private readonly ConcurrentDictionary<ConversationKey, ConversationState> _states = new();

    public ValueTask<ConversationState?> GetAsync(ConversationKey key, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_states.TryGetValue(key, out var state) && state.UpdatedAt >= notBefore ? state : null);

    public ValueTask SaveAsync(ConversationKey key, ConversationState state, CancellationToken cancellationToken = default)
    {
        _states[key] = state;
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var (key, state) in _states)
        {
            if (state.UpdatedAt < olderThan && _states.TryRemove(key, out _))
            {
                count++;
            }
        }

        return ValueTask.FromResult(count);
    }

    public ValueTask<IReadOnlyList<PersonalDataItem>> DescribeAsync(UserRef user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<PersonalDataItem>>(
            _states.Where(s => s.Key.Channel == user.Channel && s.Key.UserId == user.UserId)
                .Select(s => new PersonalDataItem("conversation", $"language {s.Value.Locale ?? "-"}, guide step {s.Value.Flow ?? "-"}"))
                .ToList());

    public ValueTask<int> EraseAsync(UserRef user, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var key in _states.Keys)
        {
            if (key.Channel == user.Channel && key.UserId == user.UserId && _states.TryRemove(key, out _))
            {
                count++;
            }
        }

        return ValueTask.FromResult(count);
    }
}
