using OptOutBot.Testing;
using OptOutBot.Storage.Postgres;
using OptOutBot.Storage.Tests.Broadcasts;

namespace OptOutBot.Storage.Tests.Postgres;

/// <summary>The same contract as SQLite, each test on its own fresh database.</summary>
public sealed class PostgresBroadcastStoreTests : IAsyncLifetime
{
    private readonly PostgresScratchDatabase _scratch = new();
    private PostgresDatabase? _database;

    private PostgresBroadcastStore Store => new(_database!);

    public async Task InitializeAsync()
    {
        await _scratch.InitializeAsync();
        if (_scratch.ConnectionString.Length > 0)
        {
            _database = new PostgresDatabase(_scratch.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await _scratch.DisposeAsync();
    }

    [PostgresFact]
    public Task Subscribe_SameAddressAndTopicTwice_KeepsOneAndRefreshesLanguage() => BroadcastStoreContract.Subscribe_SameAddressAndTopicTwice_KeepsOneAndRefreshesLanguage(Store);

    [PostgresFact]
    public Task ChannelStats_SplitTheBroadcastByChannel_AndSubscriptionsCountPerChannelAndTopic() => BroadcastStoreContract.ChannelStats_SplitTheBroadcastByChannel_AndSubscriptionsCountPerChannelAndTopic(Store);

    [PostgresFact]
    public Task Plan_OneRowPerMatchingAddress_AndIdempotentOnKey() => BroadcastStoreContract.Plan_OneRowPerMatchingAddress_AndIdempotentOnKey(Store);

    [PostgresFact]
    public Task Claim_ConcurrentClaimers_TakeEachRowExactlyOnce() => BroadcastStoreContract.Claim_ConcurrentClaimers_TakeEachRowExactlyOnce(Store);

    [PostgresFact]
    public Task Claim_LeaseLapsed_RowIsTakenOverAndNothingIsLost() => BroadcastStoreContract.Claim_LeaseLapsed_RowIsTakenOverAndNothingIsLost(Store);

    [PostgresFact]
    public Task Complete_ByAHolderWhoseLeaseLapsed_LeavesTheNewHoldersClaim() => BroadcastStoreContract.Complete_ByAHolderWhoseLeaseLapsed_LeavesTheNewHoldersClaim(Store);

    [PostgresFact]
    public Task Complete_RecordsEachOutcome_AndGoneUnsubscribes() => BroadcastStoreContract.Complete_RecordsEachOutcome_AndGoneUnsubscribes(Store);

    [PostgresFact]
    public Task Forget_DeletesPrivateSubscriptions_AndUnlinksGroupOnes() => BroadcastStoreContract.Forget_DeletesPrivateSubscriptions_AndUnlinksGroupOnes(Store);

    [PostgresFact]
    public Task Forget_DeletesThePersonsOutboxRows_DeliveredOnesIncluded_AndTheCountsStay() => BroadcastStoreContract.Forget_DeletesThePersonsOutboxRows_DeliveredOnesIncluded_AndTheCountsStay(Store);

    [PostgresFact]
    public Task PurgeFinished_DeletesRowsFinishedBeforeTheCutOff_AndTheCountsStay() => BroadcastStoreContract.PurgeFinished_DeletesRowsFinishedBeforeTheCutOff_AndTheCountsStay(Store);

    [PostgresFact]
    public Task Reminders_RoundTrip() => BroadcastStoreContract.Reminders_RoundTrip(Store);

    [PostgresFact]
    public async Task PartsSent_IsKeptAcrossReopening_AndNeverLowered()
    {
        var opened = new List<PostgresDatabase>();
        try
        {
            await BroadcastStoreContract.PartsSent_IsKeptAcrossReopening_AndNeverLowered(Store, () =>
            {
                var database = new PostgresDatabase(_scratch.ConnectionString);
                opened.Add(database);
                return new PostgresBroadcastStore(database);
            });
        }
        finally
        {
            foreach (var database in opened)
            {
                await database.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task Lease_RenewedByItsHolder_TakenOverOneLeaseAfterTheHolderDied()
    {
        // Two hosts on one PostgreSQL: separate data sources, as two processes would have.
        await using var other = new PostgresDatabase(_scratch.ConnectionString);
        await BroadcastStoreContract.Lease_RenewedByItsHolder_TakenOverOneLeaseAfterTheHolderDied(Store, new PostgresBroadcastStore(other));
    }

    [PostgresFact]
    public async Task Claim_TwoInstancesOnSeparateConnections_NeverShareARow()
    {
        // Two "hosts": separate data sources, as two processes would have.
        await using var other = new PostgresDatabase(_scratch.ConnectionString);
        var a = Store;
        var b = new PostgresBroadcastStore(other);
        for (var i = 0; i < 200; i++)
        {
            await a.AddAsync(BroadcastStoreContract.Sub("discord", $"c{i}"));
        }

        await a.PlanAsync(BroadcastStoreContract.Draft("announce:shared"));
        var t0 = BroadcastStoreContract.T0;
        var results = await Task.WhenAll(
            Task.Run(async () => (await a.ClaimAsync("a", "discord", 150, t0, t0.AddMinutes(1))).Select(i => i.Id).ToList()),
            Task.Run(async () => (await b.ClaimAsync("b", "discord", 150, t0, t0.AddMinutes(1))).Select(i => i.Id).ToList()));

        Assert.Empty(results[0].Intersect(results[1]));
        Assert.Equal(200, results[0].Count + results[1].Count);
    }
}
