using Microsoft.Extensions.Time.Testing;
using OptOutBot.Engine.Ports;
using OptOutBot.Testing;

namespace OptOutBot.Storage.Tests;

/// <summary>
/// What every update log must do, whatever the store: the states that make each accepted update answered exactly once
/// across timeouts, redeliveries and restarts. Run against SQLite and PostgreSQL by the store test classes.
/// </summary>
internal static class UpdateLogContract
{
    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(60);

    /// <summary>Telegram timed out before the inline answer reached it and redelivers: the same answer is given again.</summary>
    public static async Task AnsweredInline_Redelivered_GetsTheSameAnswerAgain(IUpdateLog log)
    {
        Assert.Equal(UpdateState.New, (await log.BeginAsync("telegram", "1", TakeOver)).State);
        Assert.Equal(UpdateState.Answered, await log.SaveAnswerAsync("telegram", "1", "answer-1", queue: false));

        var again = await log.BeginAsync("telegram", "1", TakeOver);

        Assert.Equal(new UpdateRecord(UpdateState.Answered, "answer-1"), again);
    }

    /// <summary>A redelivery while the turn runs: the first request is gone, so its answer goes through the platform API.</summary>
    public static async Task RedeliveredWhileRunning_InlineAnswerIsQueuedInstead(IUpdateLog log)
    {
        await log.BeginAsync("telegram", "2", TakeOver);

        Assert.Equal(UpdateState.Received, (await log.BeginAsync("telegram", "2", TakeOver)).State);
        Assert.Equal(UpdateState.Queued, await log.SaveAnswerAsync("telegram", "2", "answer-2", queue: false));
        var claimed = await log.ClaimQueuedAsync("telegram", "host-a", 10, DateTimeOffset.MaxValue.AddDays(-1));
        Assert.Equal([new QueuedAnswer("2", "answer-2")], claimed);
    }

    /// <summary>A queued answer is claimed by one instance only, and once delivered a redelivery gets nothing.</summary>
    public static async Task Queued_ClaimedOnce_DeliveredIsNotAnsweredAgain(IUpdateLog log, FakeTimeProvider time)
    {
        await log.BeginAsync("telegram", "3", TakeOver);
        await log.SaveAnswerAsync("telegram", "3", "answer-3", queue: true);

        var first = await log.ClaimQueuedAsync("telegram", "host-a", 10, time.GetUtcNow().AddSeconds(30));
        var second = await log.ClaimQueuedAsync("telegram", "host-b", 10, time.GetUtcNow().AddSeconds(30));
        Assert.Single(first);
        Assert.Empty(second);

        await log.MarkDeliveredAsync("telegram", ["3"]);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await log.ClaimQueuedAsync("telegram", "host-b", 10, time.GetUtcNow().AddSeconds(30)));
        Assert.Equal(UpdateState.Delivered, (await log.BeginAsync("telegram", "3", TakeOver)).State);
    }

    /// <summary>An instance killed after claiming: its lease runs out and another instance sends the answer.</summary>
    public static async Task Claimed_LeaseExpires_AnotherInstanceClaimsIt(IUpdateLog log, FakeTimeProvider time)
    {
        await log.BeginAsync("telegram", "4", TakeOver);
        await log.SaveAnswerAsync("telegram", "4", "answer-4", queue: true);
        Assert.Single(await log.ClaimQueuedAsync("telegram", "host-a", 10, time.GetUtcNow().AddSeconds(30)));

        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Single(await log.ClaimQueuedAsync("telegram", "host-b", 10, time.GetUtcNow().AddSeconds(30)));
    }

    /// <summary>A clean stop gives its claims back, so the next start sends them at once.</summary>
    public static async Task Released_IsClaimableAtOnce(IUpdateLog log, FakeTimeProvider time)
    {
        await log.BeginAsync("telegram", "5", TakeOver);
        await log.SaveAnswerAsync("telegram", "5", "answer-5", queue: true);
        await log.ClaimQueuedAsync("telegram", "host-a", 10, time.GetUtcNow().AddSeconds(30));

        await log.ReleaseAsync("telegram", ["5"]);

        Assert.Single(await log.ClaimQueuedAsync("telegram", "host-a", 10, time.GetUtcNow().AddSeconds(30)));
    }

    /// <summary>An instance that died mid-turn leaves the update received; a redelivery after the take-over time runs it again.</summary>
    public static async Task ReceivedTooLong_IsTakenOver(IUpdateLog log, FakeTimeProvider time)
    {
        await log.BeginAsync("telegram", "6", TakeOver);
        time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(UpdateState.New, (await log.BeginAsync("telegram", "6", TakeOver)).State);
        Assert.Equal(UpdateState.Received, (await log.BeginAsync("telegram", "6", TakeOver)).State);
    }

    /// <summary>The purge of old records never drops an answer that is still to be sent.</summary>
    public static async Task Purge_KeepsQueuedAnswers(IUpdateLog log, FakeTimeProvider time)
    {
        await log.BeginAsync("telegram", "7", TakeOver);
        await log.SaveAnswerAsync("telegram", "7", "answer-7", queue: true);
        await log.BeginAsync("telegram", "8", TakeOver);
        await log.SaveAnswerAsync("telegram", "8", "answer-8", queue: false);
        time.Advance(TimeSpan.FromDays(3));

        Assert.True(await log.PurgeAsync(time.GetUtcNow().AddDays(-2)) >= 1);
        Assert.Equal(UpdateState.Queued, (await log.BeginAsync("telegram", "7", TakeOver)).State);
        Assert.Equal(UpdateState.New, (await log.BeginAsync("telegram", "8", TakeOver)).State);
    }

    /// <summary>
    /// A turn still running when many later ones were answered inline (a busy host keeps only the newest answers): a
    /// redelivery still finds it running and does not start it a second time.
    /// </summary>
    public static async Task RunningTurn_AfterManyAnsweredOnes_IsNotStartedAgain(IUpdateLog log)
    {
        Assert.Equal(UpdateState.New, (await log.BeginAsync("telegram", "slow", TakeOver)).State);
        for (var i = 0; i < 3 * RecentTurns.Capacity; i++)
        {
            var id = "fast-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await log.BeginAsync("telegram", id, TakeOver);
            await log.SaveAnswerAsync("telegram", id, "answer", queue: false);
        }

        Assert.Equal(UpdateState.Received, (await log.BeginAsync("telegram", "slow", TakeOver)).State);
        Assert.Equal(new UpdateRecord(UpdateState.Answered, "answer"), await log.BeginAsync("telegram", "fast-" + (3 * RecentTurns.Capacity - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), TakeOver));
    }

    public static async Task RunAll(Func<IUpdateLog> newLog, FakeTimeProvider time)
    {
        await AnsweredInline_Redelivered_GetsTheSameAnswerAgain(newLog());
        await RedeliveredWhileRunning_InlineAnswerIsQueuedInstead(newLog());
        await Queued_ClaimedOnce_DeliveredIsNotAnsweredAgain(newLog(), time);
        await Claimed_LeaseExpires_AnotherInstanceClaimsIt(newLog(), time);
        await Released_IsClaimableAtOnce(newLog(), time);
        await ReceivedTooLong_IsTakenOver(newLog(), time);
        await Purge_KeepsQueuedAnswers(newLog(), time);
        await RunningTurn_AfterManyAnsweredOnes_IsNotStartedAgain(newLog());
    }
}
