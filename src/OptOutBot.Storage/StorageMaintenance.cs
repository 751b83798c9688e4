using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage.Privacy;

namespace OptOutBot.Storage;

/// <summary>
/// Hourly: deletes expired conversation states, update ids older than two days and outbox rows finished more than
/// <c>Storage:DeliveredRetention</c> ago (privacy: keep nothing longer than needed).
/// </summary>
internal sealed class StorageMaintenance(
    IConversationStore conversations,
    IUpdateLog updates,
    IEnumerable<IOutboxRetention> outbox,
    TimeProvider time,
    IOptions<ConversationOptions> options,
    IOptions<StorageOptions> storage) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            var now = time.GetUtcNow();
            await conversations.PurgeAsync(now - options.Value.StateTtl, stoppingToken).ConfigureAwait(false);
            await updates.PurgeAsync(now.AddDays(-2), stoppingToken).ConfigureAwait(false);
            foreach (var retention in outbox)
            {
                await retention.PurgeFinishedAsync(now - storage.Value.DeliveredRetention, stoppingToken).ConfigureAwait(false);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
