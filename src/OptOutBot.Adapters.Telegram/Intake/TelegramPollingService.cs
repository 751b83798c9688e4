using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Types.Enums;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>
/// Long polling with getUpdates: the default with no public url, so a bot token alone is enough on a laptop.
/// The offset confirms every update seen; redeliveries after a restart are still caught by the update log.
/// Backs off after errors, and briefly after empty polls for servers that ignore the long-poll timeout.
/// </summary>
internal sealed class TelegramPollingService(
    TelegramApiClient api,
    TelegramUpdateHandler handler,
    PlannedCallRunner runner,
    Engine.Ports.IUpdateLog updateLog,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.ConfigureWebhookOnStart)
        {
            // getUpdates is refused while a webhook is set.
            var deleted = await api.CallAsync(new DeleteWebhookRequest(), stoppingToken).ConfigureAwait(false);
            if (!deleted.Ok)
            {
                Log.DeleteWebhookFailed(logger, deleted.Error!.Code);
            }
        }

        Log.PollingStarted(logger);
        int? offset = null;
        var failures = 0;
        var idle = settings.PollIdleDelay;
        var wait = (int)settings.PollTimeout.TotalSeconds;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // One attempt: this loop is the retry, with its own backoff.
                var polled = await api.PollAsync(
                    new GetUpdatesRequest { Offset = offset, Timeout = wait, AllowedUpdates = AllowedUpdates },
                    stoppingToken).ConfigureAwait(false);
                if (!polled.Ok)
                {
                    failures++;
                    var pause = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(failures, 6))));
                    Log.PollFailed(logger, polled.Error!.Code, polled.Error.Kind, (int)pause.TotalSeconds);
                    await Task.Delay(pause, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                failures = 0;
                var updates = polled.Value;
                if (updates is not { Length: > 0 })
                {
                    await Task.Delay(idle, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var update in updates.OrderBy(u => u.Id))
                {
                    offset = Math.Max(offset ?? 0, update.Id + 1);
                    var plan = await handler.HandleAsync(update, stoppingToken).ConfigureAwait(false);
                    await runner.RunAsync(plan.Calls, stoppingToken).ConfigureAwait(false);
                    if (plan.UpdateId is { } recorded)
                    {
                        await updateLog.MarkDeliveredAsync(TelegramUpdateHandler.Channel, [recorded], stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // One bad update must not stop the bot: log, skip past it, carry on.
                Log.PollCrashed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
