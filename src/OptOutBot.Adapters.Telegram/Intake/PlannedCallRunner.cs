using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.Telegram.Api;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>Runs a turn's planned calls in order through the Bot API client; failures are logged, never thrown.</summary>
internal sealed class PlannedCallRunner(TelegramApiClient api, ILogger<PlannedCallRunner> logger)
{
    public async Task RunAsync(IEnumerable<PlannedCall> calls, CancellationToken cancellationToken = default)
    {
        foreach (var call in calls)
        {
            try
            {
                await RunAsync(call, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CallCrashed(logger, e);
            }
        }
    }

    private async Task RunAsync(PlannedCall call, CancellationToken cancellationToken)
    {
        switch (call)
        {
            case AnswerCallbackCall answer:
                await api.CallAsync(answer.Request, cancellationToken).ConfigureAwait(false);
                break;
            case SendMessageCall send:
                await api.CallAsync(send.Request, cancellationToken).ConfigureAwait(false);
                break;
            case EditMessageCall edit:
                var edited = await api.CallAsync(edit.Request, cancellationToken).ConfigureAwait(false);
                // "message is not modified" means the person already sees this text: nothing to send.
                if (edited.Error is { Kind: ApiErrorKind.Rejected or ApiErrorKind.Transient } error
                    && !error.Description.Contains("not modified", StringComparison.OrdinalIgnoreCase))
                {
                    await api.CallAsync(edit.Fallback, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }
}
