using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Sqlite;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests.Sqlite;

/// <summary>A redelivered platform update is answered once, even by another instance on the same file.</summary>
public sealed class SqliteUpdateLogTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeTimeProvider _time = new();
    private readonly string _path;

    public SqliteUpdateLogTests()
    {
        _path = _temp.File("bot.db");
        new SqliteDatabase(_path).Migrate();
    }

    [Fact]
    public async Task TryRecord_SameUpdateTwice_TrueThenFalse()
    {
        var log = NewLog();

        Assert.True(await log.TryRecordAsync("telegram", "1001"));
        Assert.False(await log.TryRecordAsync("telegram", "1001"));
    }

    [Fact]
    public async Task TryRecord_FromASecondInstanceOnTheSameFile_SeesTheFirstRecord()
    {
        Assert.True(await NewLog().TryRecordAsync("discord", "interaction-7"));

        Assert.False(await NewLog().TryRecordAsync("discord", "interaction-7"));
    }

    [Fact]
    public async Task TryRecord_SameIdOnAnotherChannel_IsANewUpdate()
    {
        var log = NewLog();

        Assert.True(await log.TryRecordAsync("telegram", "5"));
        Assert.True(await log.TryRecordAsync("discord", "5"));
    }

    [Fact]
    public async Task TryRecord_ManyConcurrentDeliveriesOfOneUpdate_ExactlyOneWins()
    {
        var logs = Enumerable.Range(0, 4).Select(_ => NewLog()).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () => await logs[i % 4].TryRecordAsync("telegram", "race"))));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Purge_ForgetsOldRecords_SoTheirIdsCountAsNewAgain()
    {
        var log = NewLog();
        await log.TryRecordAsync("telegram", "old");
        _time.Advance(TimeSpan.FromDays(3));
        await log.TryRecordAsync("telegram", "recent");

        var purged = await log.PurgeAsync(_time.GetUtcNow().AddDays(-2));

        Assert.Equal(1, purged);
        Assert.True(await log.TryRecordAsync("telegram", "old"));
        Assert.False(await log.TryRecordAsync("telegram", "recent"));
    }

    [Fact]
    public Task AnsweredInline_Redelivered_GetsTheSameAnswerAgain() => UpdateLogContract.AnsweredInline_Redelivered_GetsTheSameAnswerAgain(NewLog());

    [Fact]
    public Task RedeliveredWhileRunning_InlineAnswerIsQueuedInstead() => UpdateLogContract.RedeliveredWhileRunning_InlineAnswerIsQueuedInstead(NewLog());

    [Fact]
    public Task Queued_ClaimedOnceAcrossInstances_DeliveredIsNotAnsweredAgain() => UpdateLogContract.Queued_ClaimedOnce_DeliveredIsNotAnsweredAgain(NewLog(), _time);

    [Fact]
    public Task Claimed_LeaseExpires_AnotherInstanceClaimsIt() => UpdateLogContract.Claimed_LeaseExpires_AnotherInstanceClaimsIt(NewLog(), _time);

    [Fact]
    public Task Released_IsClaimableAtOnce() => UpdateLogContract.Released_IsClaimableAtOnce(NewLog(), _time);

    [Fact]
    public Task ReceivedTooLong_IsTakenOver() => UpdateLogContract.ReceivedTooLong_IsTakenOver(NewLog(), _time);

    [Fact]
    public Task Purge_KeepsQueuedAnswers() => UpdateLogContract.Purge_KeepsQueuedAnswers(NewLog(), _time);

    private IUpdateLog NewLog() => new SqliteUpdateLog(new SqliteDatabase(_path), _time);

    public void Dispose() => _temp.Dispose();
}
