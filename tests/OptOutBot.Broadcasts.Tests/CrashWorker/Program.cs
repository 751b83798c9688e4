using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OptOutBot.Broadcasts;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;
using OptOutBot.Storage.Broadcasts;

// usage: CrashWorker <sqlite file> <fake platform base url> <lease seconds>
// Dispatches the outbox to the fake platform and exits 0 once every broadcast is finished.
var services = new ServiceCollection().AddSqliteBroadcastStores(args[0]).BuildServiceProvider();
var outbox = services.GetRequiredService<IOutboxStore>();
var options = new BroadcastsOptions();
options.Dispatch.Lease = TimeSpan.FromSeconds(int.Parse(args[2], CultureInfo.InvariantCulture));
options.Dispatch.PollInterval = TimeSpan.FromMilliseconds(100);
options.Dispatch.ClaimSize = 100;
options.Dispatch.CompletionBatch = 50;
options.Dispatch.Concurrency = 8;
options.Limits.Clear();
options.Limits["telegram"] = new ChannelLimits { PerSecond = 400 };
options.Limits["discord"] = new ChannelLimits { PerSecond = 400 };

using var http = new HttpClient { BaseAddress = new Uri(args[1]) };
IChannelSender[] senders = [new LoopbackSender("telegram", http), new LoopbackSender("discord", http)];
using var dispatcher = new BroadcastDispatcher(senders, outbox, new DispatchSignal(), new BroadcastMetrics(), TimeProvider.System, Options.Create(options), NullLogger<BroadcastDispatcher>.Instance);
await dispatcher.StartAsync(CancellationToken.None);
Console.WriteLine("started");
while (true)
{
    await Task.Delay(100);
    var stats = await outbox.ListStatsAsync(10);
    if (stats.Count > 0 && stats.All(s => s.Done))
    {
        break;
    }
}

await dispatcher.StopAsync(CancellationToken.None);
Console.WriteLine("done");
return 0;

internal sealed class LoopbackSender(string channel, HttpClient http) : IChannelSender
{
    public string Channel => channel;

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken)
    {
        using var content = new StringContent(reply.Messages[0].Text);
        using var response = await http.PostAsync($"/{channel}/{Uri.EscapeDataString(address.Value)}", content, cancellationToken);
        return (int)response.StatusCode switch
        {
            200 => SendResult.Delivered,
            403 => new SendResult.RecipientGone("forbidden"),
            429 => new SendResult.RetryAfter(TimeSpan.FromSeconds(1)),
            _ => new SendResult.Failed(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), Transient: true),
        };
    }
}
