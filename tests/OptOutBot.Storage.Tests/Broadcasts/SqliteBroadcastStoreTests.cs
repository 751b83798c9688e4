using OptOutBot.Storage.Broadcasts;

namespace OptOutBot.Storage.Tests.Broadcasts;

public sealed class SqliteBroadcastStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("optoutbot-sqlite-").FullName;
    private readonly SqliteBroadcastStore _store;

    public SqliteBroadcastStoreTests()
    {
        _store = new SqliteBroadcastStore(new SqliteBroadcastDatabase(Path.Combine(_folder, "data", "bot.db")));
    }

    [Fact]
    public Task Subscribe_SameAddressAndTopicTwice_KeepsOneAndRefreshesLanguage() => BroadcastStoreContract.Subscribe_SameAddressAndTopicTwice_KeepsOneAndRefreshesLanguage(_store);

    [Fact]
    public Task ChannelStats_SplitTheBroadcastByChannel_AndSubscriptionsCountPerChannelAndTopic() => BroadcastStoreContract.ChannelStats_SplitTheBroadcastByChannel_AndSubscriptionsCountPerChannelAndTopic(_store);

    [Fact]
    public Task Plan_OneRowPerMatchingAddress_AndIdempotentOnKey() => BroadcastStoreContract.Plan_OneRowPerMatchingAddress_AndIdempotentOnKey(_store);

    [Fact]
    public Task Claim_ConcurrentClaimers_TakeEachRowExactlyOnce() => BroadcastStoreContract.Claim_ConcurrentClaimers_TakeEachRowExactlyOnce(_store);

    [Fact]
    public Task Claim_LeaseLapsed_RowIsTakenOverAndNothingIsLost() => BroadcastStoreContract.Claim_LeaseLapsed_RowIsTakenOverAndNothingIsLost(_store);

    [Fact]
    public Task Complete_ByAHolderWhoseLeaseLapsed_LeavesTheNewHoldersClaim() => BroadcastStoreContract.Complete_ByAHolderWhoseLeaseLapsed_LeavesTheNewHoldersClaim(_store);

    [Fact]
    public Task Complete_RecordsEachOutcome_AndGoneUnsubscribes() => BroadcastStoreContract.Complete_RecordsEachOutcome_AndGoneUnsubscribes(_store);

    [Fact]
    public Task Forget_DeletesPrivateSubscriptions_AndUnlinksGroupOnes() => BroadcastStoreContract.Forget_DeletesPrivateSubscriptions_AndUnlinksGroupOnes(_store);

    [Fact]
    public Task Forget_DeletesThePersonsOutboxRows_DeliveredOnesIncluded_AndTheCountsStay() => BroadcastStoreContract.Forget_DeletesThePersonsOutboxRows_DeliveredOnesIncluded_AndTheCountsStay(_store);

    [Fact]
    public Task PurgeFinished_DeletesRowsFinishedBeforeTheCutOff_AndTheCountsStay() => BroadcastStoreContract.PurgeFinished_DeletesRowsFinishedBeforeTheCutOff_AndTheCountsStay(_store);

    [Fact]
    public Task Reminders_RoundTrip() => BroadcastStoreContract.Reminders_RoundTrip(_store);

    [Fact]
    public Task PartsSent_IsKeptAcrossReopening_AndNeverLowered() => BroadcastStoreContract.PartsSent_IsKeptAcrossReopening_AndNeverLowered(_store, Reopen);

    [Fact]
    public Task Lease_RenewedByItsHolder_TakenOverOneLeaseAfterTheHolderDied() => BroadcastStoreContract.Lease_RenewedByItsHolder_TakenOverOneLeaseAfterTheHolderDied(_store, Reopen());

    private SqliteBroadcastStore Reopen() => new(new SqliteBroadcastDatabase(Path.Combine(_folder, "data", "bot.db")));

    [Fact]
    public async Task Database_UsesWriteAheadLogging()
    {
        await _store.ListRemindersAsync();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "data", "bot.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
