using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Admin.Usage;

/// <summary>Writes the tallies every few seconds and at shutdown, and drops days older than Admin:UsageRetention.</summary>
internal sealed class UsageFlusher(UsageRecorder recorder, IUsageCounterStore store, IOptions<AdminOptions> options, TimeProvider time, ILogger<UsageFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPrune = DateOnly.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await FlushAsync(stoppingToken).ConfigureAwait(false);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            if (today != lastPrune)
            {
                lastPrune = today;
                await store.PruneAsync(today.AddDays(-options.Value.UsageDays + 1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.UsageFlushFailed(logger, ex);
        }
    }
}
