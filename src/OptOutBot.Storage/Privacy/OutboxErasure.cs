namespace OptOutBot.Storage.Privacy;

/// <summary>
/// The one statement pair (valid on SQLite and PostgreSQL) that deletes outbox rows — a person's at /forget, finished
/// ones after the retention period — while their counts stay on the broadcast, so <c>broadcast status</c> and the
/// metrics still add up. Rows that were never sent leave the broadcast's total instead.
/// </summary>
internal static class OutboxErasure
{
    /// <summary>Rows of the person: linked by the hashed user id, or going to one of their private subscriptions' addresses.</summary>
    public const string PersonCondition =
        "channel = {0}channel AND (user_id = {0}user OR (scope = 0 AND address IN (SELECT address FROM subscriptions WHERE channel = {0}channel AND user_id = {0}user AND scope = 0)))";

    /// <summary>Rows delivered, gone or failed before the cut-off.</summary>
    public const string FinishedCondition = "state IN (2, 3, 4) AND updated_at < {0}before";

    /// <summary>The fold and the delete for rows matching <paramref name="condition"/> (one of the above, in "{0}" the provider's parameter prefix).</summary>
    /// <remarks>Run in one transaction; the delete's row count is how many rows went.</remarks>
    /// <summary>Counts of the rows matching <paramref name="condition"/>: queued or in flight, finished, the last finished update time.</summary>
    public static string CountSql(string condition, string prefix) =>
        $"SELECT SUM(CASE WHEN state IN (0, 1) THEN 1 ELSE 0 END), SUM(CASE WHEN state IN (2, 3, 4) THEN 1 ELSE 0 END), MAX(CASE WHEN state IN (2, 3, 4) THEN updated_at END) FROM outbox WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, prefix)}";

    public static (string Fold, string Delete) Sql(string condition, string prefix)
    {
        var where = string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, prefix);
        return (FoldSql(where), $"DELETE FROM outbox WHERE {where}");
    }

    private static string FoldSql(string condition) => $"""
        UPDATE broadcasts SET
            purged_sent = purged_sent + d.sent, purged_retried = purged_retried + d.retried,
            purged_gone = purged_gone + d.gone, purged_failed = purged_failed + d.failed, total = total - d.unsent
        FROM (SELECT broadcast_id,
                     SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END) AS sent, SUM(retries) AS retried,
                     SUM(CASE WHEN state = 3 THEN 1 ELSE 0 END) AS gone, SUM(CASE WHEN state = 4 THEN 1 ELSE 0 END) AS failed,
                     SUM(CASE WHEN state IN (0, 1) THEN 1 ELSE 0 END) AS unsent
              FROM outbox WHERE {condition} GROUP BY broadcast_id) AS d
        WHERE broadcasts.id = d.broadcast_id
        """;
}

/// <summary>Deletes finished outbox rows after <c>Storage:DeliveredRetention</c> (run hourly by the storage maintenance).</summary>
internal interface IOutboxRetention
{
    /// <summary>Returns how many rows went.</summary>
    ValueTask<int> PurgeFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default);

    /// <summary>The person's outbox rows (<see cref="OutboxErasure.PersonCondition"/>): still to send, finished, and when the last finished.</summary>
    ValueTask<(int Queued, int Finished, DateTimeOffset? LastFinished)> CountForPersonAsync(OptOutBot.Engine.Conversations.UserRef user, CancellationToken cancellationToken = default);
}

/// <summary>/mydata's view of the outbox: how many messages to the person are kept, in which state, until when.</summary>
internal sealed class OutboxPersonalData(IOutboxRetention outbox, Microsoft.Extensions.Options.IOptions<StorageOptions> options) : OptOutBot.Engine.Ports.IPersonalDataSource
{
    public async ValueTask<IReadOnlyList<OptOutBot.Engine.Ports.PersonalDataItem>> DescribeAsync(OptOutBot.Engine.Conversations.UserRef user, CancellationToken cancellationToken = default)
    {
        var (queued, finished, lastFinished) = await outbox.CountForPersonAsync(user, cancellationToken).ConfigureAwait(false);
        if (queued + finished == 0)
        {
            return [];
        }

        var detail = System.FormattableString.Invariant($"{queued} queued, {finished} delivered or ended");
        if (lastFinished is { } last)
        {
            detail += System.FormattableString.Invariant($", kept until {last + options.Value.DeliveredRetention:yyyy-MM-dd}");
        }

        return [new OptOutBot.Engine.Ports.PersonalDataItem("outbox", detail)];
    }

    // The subscription store's /forget deletes these rows (in the same transaction as the subscriptions).
    public ValueTask<int> EraseAsync(OptOutBot.Engine.Conversations.UserRef user, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
