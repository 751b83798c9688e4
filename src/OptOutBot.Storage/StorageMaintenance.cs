using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Storage;

/// <summary>Hourly: deletes expired conversation states and update ids older than two days (privacy: keep nothing longer than needed).</summary>
internal sealed class StorageMaintenance(IConversationStore conversations, IUpdateLog updates, TimeProvider time, IOptions<ConversationOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            var now = time.GetUtcNow();
            await conversations.PurgeAsync(now.AddDays(-options.Value.StateTtlDays), stoppingToken).ConfigureAwait(false);
            await updates.PurgeAsync(now.AddDays(-2), stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
