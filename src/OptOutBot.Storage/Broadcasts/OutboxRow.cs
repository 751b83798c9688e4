using System.Data.Common;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage.Broadcasts;

/// <summary>The outbox row's <c>state</c> column and what each outcome does to a row, the same on SQLite and PostgreSQL.</summary>
internal static class OutboxRow
{
    public const int Pending = 0, InFlight = 1, Sent = 2, Gone = 3, Failed = 4;

    /// <summary>
    /// The row's next state, and whether the outcome counts as a failed attempt and as a retry: a 429 is a retry but not
    /// a failed attempt, a deferral (paused, pacing, shutting down) is neither.
    /// </summary>
    public static (int State, int Attempt, int Retry) Change(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Sent => (Sent, 0, 0),
        OutcomeKind.Retry => (Pending, 1, 1),
        OutcomeKind.RateLimited => (Pending, 0, 1),
        OutcomeKind.Deferred => (Pending, 0, 0),
        OutcomeKind.Gone => (Gone, 1, 0),
        _ => (Failed, 1, 0),
    };

    /// <summary>
    /// The rows a claim returned, in id order (the order they were broadcast in). The claim's columns come in this
    /// order: id, broadcast_id, address, scope, locale, attempts, parts_sent.
    /// </summary>
    public static async Task<List<OutboxItem>> ReadClaimedAsync(DbDataReader reader, string channel, int limit, CancellationToken cancellationToken)
    {
        var items = new List<OutboxItem>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new OutboxItem(reader.GetInt64(0), reader.GetInt64(1), new ChannelAddress(channel, reader.GetString(2)), (ConversationScope)reader.GetInt32(3), reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6)));
        }

        items.Sort((a, b) => a.Id.CompareTo(b.Id));
        return items;
    }
}
