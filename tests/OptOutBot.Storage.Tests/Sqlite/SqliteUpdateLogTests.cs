using Microsoft.Extensions.Time.Testing;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Sqlite;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests.Sqlite;

/// <summary>A redelivered platform update is answered once, even by another instance on the same file.</summary>
public sealed class SqliteUpdateLogTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
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
    public Task RunningTurn_AfterManyAnsweredOnes_IsNotStartedAgain() => UpdateLogContract.RunningTurn_AfterManyAnsweredOnes_IsNotStartedAgain(NewLog());

    [Fact]
    public Task Purge_KeepsQueuedAnswers() => UpdateLogContract.Purge_KeepsQueuedAnswers(NewLog(), _time);

    [Fact]
    public async Task AnsweredInline_TheFileKeepsNoAnswerText()
    {
        var log = NewLog();
        await log.BeginAsync("telegram", "7", TakeOver);
        await log.SaveAnswerAsync("telegram", "7", "{\"chat_id\":424242,\"text\":\"guide-answer\"}", queue: false);
        await ((SqliteUpdateLog)log).DisposeAsync();

        await new SqliteDatabase(_path).CheckpointAsync();
        var bytes = await File.ReadAllBytesAsync(_path);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("guide-answer"u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf("424242"u8));
    }

    [Fact]
    public async Task AnsweredInline_RedeliveredAfterARestart_IsRunAgain()
    {
        var before = NewLog();
        await before.BeginAsync("telegram", "8", TakeOver);
        await before.SaveAnswerAsync("telegram", "8", "answer-8", queue: false);

        // The response never reached Telegram and the host restarted: the answer was in memory only, so the turn runs again.
        var after = NewLog();

        Assert.Equal(UpdateState.New, (await after.BeginAsync("telegram", "8", TakeOver)).State);
        Assert.Equal(UpdateState.Received, (await after.BeginAsync("telegram", "8", TakeOver)).State);
    }

    [Fact]
    public async Task ReceivedByADeadProcess_RedeliveredAtOnceAfterTheRestart_IsRunAgain()
    {
        await NewLog().BeginAsync("telegram", "9", TakeOver);

        Assert.Equal(UpdateState.New, (await NewLog().BeginAsync("telegram", "9", TakeOver)).State);
    }

    [Fact]
    public async Task ManyConcurrentDeliveriesOfOneTurn_ExactlyOneRunsIt()
    {
        var log = NewLog();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () => (await log.BeginAsync("telegram", "race-turn", TakeOver)).State)));

        Assert.Single(results, s => s == UpdateState.New);
        Assert.All(results, s => Assert.Contains(s, new[] { UpdateState.New, UpdateState.Received }));
    }

    [Fact]
    public async Task Queued_SurvivesARestart_AndIsNotRunAgain()
    {
        var before = NewLog();
        await before.BeginAsync("telegram", "10", TakeOver);
        await before.SaveAnswerAsync("telegram", "10", "answer-10", queue: true);

        var after = NewLog();

        Assert.Equal(UpdateState.Queued, (await after.BeginAsync("telegram", "10", TakeOver)).State);
        Assert.Equal([new QueuedAnswer("10", "answer-10")], await after.ClaimQueuedAsync("telegram", "host", 10, _time.GetUtcNow().AddSeconds(30)));
    }

    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(60);

    private IUpdateLog NewLog() => new SqliteUpdateLog(new SqliteDatabase(_path), _time);

    public void Dispose() => _temp.Dispose();
}
