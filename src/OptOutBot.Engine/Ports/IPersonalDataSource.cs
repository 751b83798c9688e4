using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Ports;

/// <summary>
/// Anything that stores data about a person (conversation state, subscriptions, …) registers one of these,
/// so that /mydata can show all of it and /forget can erase all of it.
/// </summary>
public interface IPersonalDataSource
{
    /// <summary>Human-readable, data-free descriptions of what is stored ("conversation state: language en, updated 2026-11-22").</summary>
    ValueTask<IReadOnlyList<PersonalDataItem>> DescribeAsync(UserRef user, CancellationToken cancellationToken = default);

    /// <summary>Erases everything about the person; returns how many records went.</summary>
    ValueTask<int> EraseAsync(UserRef user, CancellationToken cancellationToken = default);
}

/// <param name="Kind">A stable kind key, e.g. "conversation", "subscription"; the engine words it per language.</param>
/// <param name="Detail">Short, non-sensitive detail (a language code, a topic id, a date).</param>
public sealed record PersonalDataItem(string Kind, string Detail);
