using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Storage.Tests.Broadcasts;

/// <summary>What every ISubscriptionStore + IOutboxStore must do, run against SQLite and PostgreSQL alike.</summary>
internal static class BroadcastStoreContract
{
    public static readonly DateTimeOffset T0 = new(2026, 5, 20, 8, 0, 0, TimeSpan.Zero);

    public static Subscription Sub(string channel, string address, string? topic = null, string locale = "fr", string user = "u1", ConversationScope scope = ConversationScope.Private) =>
        new(new UserRef(channel, user), new ChannelAddress(channel, address), scope, locale, topic, T0);

    public static BroadcastDraft Draft(string key, string? topic = null) =>
        new(key, BroadcastKind.Announcement, topic, new BroadcastContent("fr", new Dictionary<string, BroadcastMessage>
        {
            ["fr"] = new("**Bonjour**", [new BroadcastLink("Lien", "https://example.org/fr")]),
            ["en"] = new("**Hello**", []),
        }), T0);

    public static async Task Subscribe_SameAddressAndTopicTwice_KeepsOneAndRefreshesLanguage<T>(T store)
        where T : ISubscriptionStore
    {
        Assert.True(await store.AddAsync(Sub("telegram", "42", locale: "fr")));
        Assert.False(await store.AddAsync(Sub("telegram", "42", locale: "en")));
        Assert.True(await store.AddAsync(Sub("telegram", "42", topic: "meta")));

        var counts = await store.CountRecipientsAsync(null);
        Assert.Equal(1, counts.Sum(c => c.Count));
        Assert.Equal(2, (await store.ListForUserAsync(new UserRef("telegram", "u1"))).Count);
        Assert.Contains((await store.ListForUserAsync(new UserRef("telegram", "u1"))), s => s.Topic is null && s.Locale == "en");
    }

    public static async Task Plan_OneRowPerMatchingAddress_AndIdempotentOnKey<T>(T store)
        where T : ISubscriptionStore, IOutboxStore
    {
        await store.AddAsync(Sub("telegram", "1"));
        await store.AddAsync(Sub("telegram", "1", topic: "meta"));
        await store.AddAsync(Sub("discord", "1", topic: "meta", locale: "en"));
        await store.AddAsync(Sub("telegram", "2", topic: "linkedin"));

        var first = await store.PlanAsync(Draft("reminder:a", topic: "meta"));
        var again = await store.PlanAsync(Draft("reminder:a", topic: "meta"));

        Assert.True(first.Created);
        Assert.Equal(2, first.Recipients);
        Assert.False(again.Created);
        Assert.Equal(first.BroadcastId, again.BroadcastId);
        Assert.Equal(2, again.Recipients);

        var everyone = await store.PlanAsync(Draft("announce:b"));
        Assert.Equal(3, everyone.Recipients);

        var claimed = await store.ClaimAsync("me", "discord", 10, T0, T0.AddMinutes(1));
        var discord = Assert.Single(claimed, i => i.BroadcastId == first.BroadcastId);
        Assert.Equal("en", discord.Locale);
        var content = await store.GetContentAsync(first.BroadcastId);
        Assert.Equal("**Hello**", content!.ToReply("en").Messages[0].Text);
        Assert.Equal("https://example.org/fr", content.ToReply("fr").Messages[0].Links[0].Url);
    }

    /// <summary>The console's per-channel progress and subscriber tables: counts that add up to the per-broadcast ones.</summary>
    public static async Task ChannelStats_SplitTheBroadcastByChannel_AndSubscriptionsCountPerChannelAndTopic<T>(T store)
        where T : ISubscriptionStore, IOutboxStore
    {
        await store.AddAsync(Sub("telegram", "1"));
        await store.AddAsync(Sub("telegram", "2"));
        await store.AddAsync(Sub("telegram", "2", topic: "meta"));
        await store.AddAsync(Sub("discord", "1", topic: "meta"));
        await store.AddAsync(Sub("discord", "2", topic: "linkedin"));
        var plan = await store.PlanAsync(Draft("announce:channels", topic: "meta"));
        var older = await store.PlanAsync(Draft("announce:older"));

        var claimed = await store.ClaimAsync("me", "telegram", 1, T0, T0.AddMinutes(1));
        var mine = Assert.Single(claimed);
        await store.CompleteAsync("me", [new OutboxOutcome(mine.Id, mine.Address, OutcomeKind.Sent)], T0);

        var channels = await store.ListChannelStatsAsync(10);
        var ofPlan = channels.Where(c => c.BroadcastId == plan.BroadcastId).ToDictionary(c => c.Channel);
        Assert.Equal(["discord", "telegram"], ofPlan.Keys.Order());
        Assert.Equal((1, 0, 0), (ofPlan["discord"].Queued, ofPlan["discord"].InFlight, ofPlan["discord"].Sent));
        var telegram = ofPlan["telegram"];
        Assert.Equal(2, telegram.Total);
        var stats = (await store.ListStatsAsync(10)).Single(s => s.Id == plan.BroadcastId);
        Assert.Equal(stats.Total, ofPlan.Values.Sum(c => c.Total));
        Assert.Equal(stats.Sent, ofPlan.Values.Sum(c => c.Sent));
        Assert.Equal(stats.Queued, ofPlan.Values.Sum(c => c.Queued));
        Assert.Equal(older.Recipients, channels.Where(c => c.BroadcastId == older.BroadcastId).Sum(c => c.Total));
        Assert.All(await store.ListChannelStatsAsync(1), c => Assert.Equal(older.BroadcastId, c.BroadcastId)); // the same "latest N" as ListStatsAsync

        var subscriptions = await store.CountSubscriptionsAsync();
        Assert.Equal(
            [new SubscriptionCount("discord", "linkedin", 1), new SubscriptionCount("discord", "meta", 1), new SubscriptionCount("telegram", null, 2), new SubscriptionCount("telegram", "meta", 1)],
            subscriptions.OrderBy(c => c.Channel, StringComparer.Ordinal).ThenBy(c => c.Topic ?? "", StringComparer.Ordinal));
    }

    public static async Task Claim_ConcurrentClaimers_TakeEachRowExactlyOnce<T>(T store)
        where T : ISubscriptionStore, IOutboxStore
    {
        for (var i = 0; i < 300; i++)
        {
            await store.AddAsync(Sub("telegram", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await store.PlanAsync(Draft("announce:many"));
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(async owner =>
        {
            var mine = new List<long>();
            while (true)
            {
                var batch = await store.ClaimAsync($"owner{owner}", "telegram", 7, T0, T0.AddMinutes(5));
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(b => b.Id));
            }
        }));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct().Count());
    }

    public static async Task Claim_LeaseLapsed_RowIsTakenOverAndNothingIsLost<T>(T store)
        where T : ISubscriptionStore, IOutboxStore
    {
        await store.AddAsync(Sub("telegram", "1"));
        await store.AddAsync(Sub("telegram", "2"));
        await store.PlanAsync(Draft("announce:x"));

        var crashed = await store.ClaimAsync("crashed", "telegram", 10, T0, T0.AddSeconds(30));
        Assert.Equal(2, crashed.Count);
        Assert.Empty(await store.ClaimAsync("other", "telegram", 10, T0.AddSeconds(10), T0.AddSeconds(40)));

        var takenOver = await store.ClaimAsync("other", "telegram", 10, T0.AddSeconds(31), T0.AddSeconds(60));
        Assert.Equal(crashed.Select(c => c.Id).Order(), takenOver.Select(c => c.Id).Order());
        var stats = Assert.Single(await store.ListStatsAsync(10));
        Assert.Equal(2, stats.InFlight);
    }

    /// <summary>
    /// A holder that stalled past its lease (not dead) reports "retry" after another instance took the row: the row stays
    /// with the new holder, so it is not claimed a third time, and the new holder's outcome is the one recorded.
    /// </summary>
    public static async Task Complete_ByAHolderWhoseLeaseLapsed_LeavesTheNewHoldersClaim<T>(T store)
        where T : ISubscriptionStore, IOutboxStore
    {
        await store.AddAsync(Sub("telegram", "1"));
        await store.PlanAsync(Draft("announce:lapsed"));
        var stalled = Assert.Single(await store.ClaimAsync("stalled", "telegram", 10, T0, T0.AddSeconds(30)));
        var current = Assert.Single(await store.ClaimAsync("current", "telegram", 10, T0.AddSeconds(31), T0.AddSeconds(61)));
        Assert.Equal(stalled.Id, current.Id);

        await store.CompleteAsync("stalled", [new OutboxOutcome(stalled.Id, stalled.Address, OutcomeKind.Retry, T0.AddSeconds(32), "timeout")], T0.AddSeconds(32));
        Assert.Empty(await store.ClaimAsync("third", "telegram", 10, T0.AddSeconds(33), T0.AddSeconds(63)));
        var during = Assert.Single(await store.ListStatsAsync(10));
        Assert.Equal((1, 0, 0), (during.InFlight, during.Queued, during.Retried));

        await store.CompleteAsync("current", [new OutboxOutcome(current.Id, current.Address, OutcomeKind.Sent)], T0.AddSeconds(34));
        var after = Assert.Single(await store.ListStatsAsync(10));
        Assert.Equal((1, 0, 0), (after.Sent, after.InFlight, after.Queued));
    }

    public static async Task Complete_RecordsEachOutcome_AndGoneUnsubscribes<T>(T store)
        where T : ISubscriptionStore, IOutboxStore
    {
        foreach (var a in new[] { "sent", "retry", "limited", "gone", "failed" })
        {
            await store.AddAsync(Sub("telegram", a, user: a));
        }

        var plan = await store.PlanAsync(Draft("announce:y"));
        var items = (await store.ClaimAsync("me", "telegram", 10, T0, T0.AddMinutes(1))).ToDictionary(i => i.Address.Value);
        await store.CompleteAsync("me", [
            new OutboxOutcome(items["sent"].Id, items["sent"].Address, OutcomeKind.Sent),
            new OutboxOutcome(items["retry"].Id, items["retry"].Address, OutcomeKind.Retry, T0.AddSeconds(10), "503"),
            new OutboxOutcome(items["limited"].Id, items["limited"].Address, OutcomeKind.RateLimited, T0.AddSeconds(5), "429"),
            new OutboxOutcome(items["gone"].Id, items["gone"].Address, OutcomeKind.Gone, Error: "blocked"),
            new OutboxOutcome(items["failed"].Id, items["failed"].Address, OutcomeKind.Failed, Error: "400"),
        ], T0);

        var stats = Assert.Single(await store.ListStatsAsync(10));
        Assert.Equal((plan.BroadcastId, 5, 2, 0, 1, 2, 1, 1), (stats.Id, stats.Total, stats.Queued, stats.InFlight, stats.Sent, stats.Retried, stats.Gone, stats.Failed));
        Assert.Empty(await store.ListForUserAsync(new UserRef("telegram", "gone")));
        Assert.Single(await store.ListForUserAsync(new UserRef("telegram", "failed")));

        Assert.Empty(await store.ClaimAsync("me", "telegram", 10, T0.AddSeconds(4), T0.AddMinutes(1)));
        var limited = Assert.Single(await store.ClaimAsync("me", "telegram", 10, T0.AddSeconds(6), T0.AddMinutes(1)));
        Assert.Equal(0, limited.Attempts);
        var retry = Assert.Single(await store.ClaimAsync("me", "telegram", 10, T0.AddSeconds(11), T0.AddMinutes(1)));
        Assert.Equal(1, retry.Attempts);
    }

    public static async Task Forget_DeletesPrivateSubscriptions_AndUnlinksGroupOnes<T>(T store)
        where T : ISubscriptionStore
    {
        await store.AddAsync(Sub("telegram", "100", user: "alice"));
        await store.AddAsync(Sub("telegram", "-500", user: "alice", scope: ConversationScope.Group));

        Assert.Equal(2, (await store.ListForUserAsync(new UserRef("telegram", "alice"))).Count);
        Assert.Equal(2, await store.ForgetUserAsync(new UserRef("telegram", "alice")));

        Assert.Empty(await store.ListForUserAsync(new UserRef("telegram", "alice")));
        var left = await store.CountRecipientsAsync(null);
        Assert.Equal(1, left.Sum(c => c.Count));
    }

    public static async Task Forget_DeletesThePersonsOutboxRows_DeliveredOnesIncluded_AndTheCountsStay<T>(T store)
        where T : ISubscriptionStore, IOutboxStore
    {
        await store.AddAsync(Sub("telegram", "700100123", user: "700100123"));
        await store.AddAsync(Sub("telegram", "-900100123", user: "700100123", scope: ConversationScope.Group));
        await store.AddAsync(Sub("telegram", "700200456", user: "700200456"));
        var delivered = await store.PlanAsync(Draft("announce:delivered"));
        var claimed = await store.ClaimAsync("me", "telegram", 10, T0, T0.AddMinutes(1));
        await store.CompleteAsync("me", claimed.Select(i => new OutboxOutcome(i.Id, i.Address, OutcomeKind.Sent)).ToList(), T0);
        var pending = await store.PlanAsync(Draft("announce:pending"));

        // Two outbox rows (one delivered, one pending), one private subscription, one group subscription unlinked.
        Assert.Equal(4, await store.ForgetUserAsync(new UserRef("telegram", "700100123")));

        var stats = (await store.ListStatsAsync(10)).ToDictionary(s => s.Id);
        Assert.Equal((3, 3, 0), (stats[delivered.BroadcastId].Total, stats[delivered.BroadcastId].Sent, stats[delivered.BroadcastId].Queued));
        Assert.Equal((2, 2), (stats[pending.BroadcastId].Total, stats[pending.BroadcastId].Queued));
        var left = await store.ClaimAsync("me", "telegram", 10, T0.AddMinutes(2), T0.AddMinutes(3));
        Assert.Equal(["-900100123", "700200456"], left.Select(i => i.Address.Value).Order());
        Assert.Empty(await store.ListForUserAsync(new UserRef("telegram", "700100123")));
        Assert.Single(await store.ListForUserAsync(new UserRef("telegram", "700200456")));
    }

    public static async Task PurgeFinished_DeletesRowsFinishedBeforeTheCutOff_AndTheCountsStay<T>(T store)
        where T : ISubscriptionStore, IOutboxStore, OptOutBot.Storage.Privacy.IOutboxRetention
    {
        foreach (var a in new[] { "1", "2", "3" })
        {
            await store.AddAsync(Sub("telegram", a, user: a));
        }

        var plan = await store.PlanAsync(Draft("announce:old"));
        var items = (await store.ClaimAsync("me", "telegram", 10, T0, T0.AddMinutes(1))).ToDictionary(i => i.Address.Value);
        await store.CompleteAsync("me", [
            new OutboxOutcome(items["1"].Id, items["1"].Address, OutcomeKind.Sent),
            new OutboxOutcome(items["2"].Id, items["2"].Address, OutcomeKind.Gone, Error: "blocked"),
            new OutboxOutcome(items["3"].Id, items["3"].Address, OutcomeKind.Retry, T0.AddSeconds(10), "503"),
        ], T0);

        Assert.Equal(0, await store.PurgeFinishedAsync(T0));
        Assert.Equal(2, await store.PurgeFinishedAsync(T0.AddSeconds(1)));
        Assert.Equal(0, await store.PurgeFinishedAsync(T0.AddSeconds(1)));

        var stats = Assert.Single(await store.ListStatsAsync(10));
        Assert.Equal((plan.BroadcastId, 3, 1, 1, 1, 1), (stats.Id, stats.Total, stats.Queued, stats.Sent, stats.Gone, stats.Retried));
        Assert.Equal("3", Assert.Single(await store.ClaimAsync("me", "telegram", 10, T0.AddSeconds(11), T0.AddMinutes(1))).Address.Value);
    }

    public static async Task Reminders_RoundTrip<T>(T store)
        where T : IOutboxStore
    {
        var r = new ReminderRecord("ev:7d", "ev", "7d", T0, T0.AddDays(7), ReminderState.Planned, null, T0);
        await store.SaveReminderAsync(r);
        await store.SaveReminderAsync(r with { State = ReminderState.Fired, BroadcastId = 3 });
        var saved = Assert.Single(await store.ListRemindersAsync());
        Assert.Equal(r with { State = ReminderState.Fired, BroadcastId = 3 }, saved);
    }

    /// <summary>A multi-part message's progress is kept with its row: a retry after a restart resumes at the first unsent part.</summary>
    public static async Task PartsSent_IsKeptAcrossReopening_AndNeverLowered<T>(T store, Func<T> reopen)
        where T : ISubscriptionStore, IOutboxStore
    {
        await store.AddAsync(Sub("telegram", "long"));
        await store.PlanAsync(Draft("announce:parts"));
        var first = Assert.Single(await store.ClaimAsync("a", "telegram", 10, T0, T0.AddSeconds(30)));
        Assert.Equal(0, first.PartsSent);
        await store.CompleteAsync("a", [new OutboxOutcome(first.Id, first.Address, OutcomeKind.Retry, T0.AddSeconds(1), "502", PartsSent: 1)], T0);

        var reopened = reopen();
        var second = Assert.Single(await reopened.ClaimAsync("b", "telegram", 10, T0.AddSeconds(2), T0.AddSeconds(32)));
        Assert.Equal(1, second.PartsSent);
        await reopened.CompleteAsync("b", [new OutboxOutcome(second.Id, second.Address, OutcomeKind.RateLimited, T0.AddSeconds(3), "rate limited", PartsSent: 0)], T0.AddSeconds(2));

        var third = Assert.Single(await reopen().ClaimAsync("c", "telegram", 10, T0.AddSeconds(4), T0.AddSeconds(34)));
        Assert.Equal(1, third.PartsSent);
    }

    /// <summary>Two hosts on one outbox: the live holder's heartbeat keeps its rows; once it stops (killed) the other takes them within one lease.</summary>
    public static async Task Lease_RenewedByItsHolder_TakenOverOneLeaseAfterTheHolderDied<T>(T host, T survivor)
        where T : ISubscriptionStore, IOutboxStore
    {
        var lease = TimeSpan.FromSeconds(30);
        for (var i = 0; i < 3; i++)
        {
            await host.AddAsync(Sub("discord", $"c{i}"));
        }

        await host.PlanAsync(Draft("announce:lease"));
        var held = await host.ClaimAsync("host-a", "discord", 10, T0, T0 + lease);
        Assert.Equal(3, held.Count);
        var ids = held.Select(i => i.Id).ToArray();

        // Alive: heartbeats every third of a lease, past the first lease's end.
        Assert.Equal(3, await host.RenewAsync("host-a", ids, T0.AddSeconds(10) + lease));
        Assert.Equal(3, await host.RenewAsync("host-a", ids, T0.AddSeconds(20) + lease));
        Assert.Empty(await survivor.ClaimAsync("host-b", "discord", 10, T0.AddSeconds(45), T0.AddSeconds(45) + lease));
        Assert.Equal(0, await survivor.RenewAsync("host-b", ids, T0.AddSeconds(45) + lease));

        // Killed at T0+20 s: its last lease ends at T0+50 s, and the survivor takes every row then.
        var taken = await survivor.ClaimAsync("host-b", "discord", 10, T0.AddSeconds(50), T0.AddSeconds(50) + lease);
        Assert.Equal(ids.Order(), taken.Select(i => i.Id).Order());
        Assert.Equal(0, await host.RenewAsync("host-a", ids, T0.AddSeconds(51) + lease));
        await survivor.CompleteAsync("host-b", taken.Select(i => new OutboxOutcome(i.Id, i.Address, OutcomeKind.Sent)).ToArray(), T0.AddSeconds(51));
        Assert.Equal(3, Assert.Single(await host.ListStatsAsync(10)).Sent);
    }
}
