using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Telegram.Bot.Requests;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>In webhook mode with a public url, points Telegram at this host on start (same call as <c>register telegram</c>). A failure is logged, not fatal.</summary>
internal sealed class TelegramWebhookSetup(TelegramApiClient api, IOptions<TelegramOptions> options, ILogger<TelegramWebhookSetup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.ConfigureWebhookOnStart || settings.WebhookUrl is not { } url)
        {
            Log.WebhookServing(logger, settings.WebhookUrl is null ? "no Telegram:PublicUrl, webhook left as set by the operator" : "setWebhook on start disabled");
            return;
        }

        var set = await api.CallAsync(CreateRequest(settings, url), stoppingToken).ConfigureAwait(false);
        if (set.Ok)
        {
            Log.WebhookServing(logger, "webhook set");
        }
        else
        {
            Log.SetWebhookFailed(logger, set.Error!.Code, set.Error.Description);
        }
    }

    internal static SetWebhookRequest CreateRequest(TelegramOptions settings, string url) => new()
    {
        Url = url,
        SecretToken = settings.EffectiveWebhookSecret,
        AllowedUpdates = TelegramPollingService.AllowedUpdates,
    };
}
