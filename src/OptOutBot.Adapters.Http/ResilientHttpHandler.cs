using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OptOutBot.Adapters.Http;

/// <summary>
/// The one retry layer of interactive REST calls: each attempt gets <see cref="HttpResilienceSettings.AttemptTimeout"/>;
/// connection errors, timeouts, 408, 429 and 5xx are retried up to <see cref="HttpResilienceSettings.MaxRetries"/>
/// times, waiting (on <see cref="TimeProvider"/>) what the platform asked or an exponential backoff. Single-attempt
/// requests only get the timeout. A failure after the last attempt is an <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class ResilientHttpHandler : DelegatingHandler
{
    private readonly HttpResilienceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _single;
    private readonly ResiliencePipeline<HttpResponseMessage> _interactive;

    public ResilientHttpHandler(string client, HttpResilienceSettings settings, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _time = time;
        _single = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(settings.AttemptTimeout)
            .Build();
        _interactive = settings.MaxRetries == 0 ? _single : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = settings.RetryBaseDelay,
                ShouldHandle = args => ShouldRetryAsync(client, logger, args.Outcome, args.Context.CancellationToken),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter()),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } e ? e.GetType().Name : "HTTP " + ((int)args.Outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Log.Retrying(logger, client, args.AttemptNumber + 1, reason, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .AddTimeout(settings.AttemptTimeout)
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = request.IsSingleAttempt() ? _single : _interactive;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var response = await pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            if (IsWaitStatus(response.StatusCode) && response.RetryAfter() is null)
            {
                await RecordRetryAfterAsync(response, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
        catch (TimeoutRejectedException e)
        {
            throw HttpAttempts.TimedOut(e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    private async ValueTask<bool> ShouldRetryAsync(string client, ILogger logger, Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        var status = response.StatusCode;
        if (IsWaitStatus(status))
        {
            var wait = await RecordRetryAfterAsync(response, cancellationToken).ConfigureAwait(false);
            if (wait > _settings.MaxRetryAfterWait)
            {
                Log.WaitTooLong(logger, client, status, wait.Value.TotalSeconds);
                return false;
            }

            return true;
        }

        return status == HttpStatusCode.RequestTimeout || (int)status >= 500;
    }

    private async ValueTask<TimeSpan?> RecordRetryAfterAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var wait = await _settings.ReadRetryAfter(response, _time, cancellationToken).ConfigureAwait(false);
        if (wait is { } w && response.RequestMessage is { } request)
        {
            HttpAttempts.SetRetryAfter(request, w);
        }

        return wait;
    }

    private static bool IsWaitStatus(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
}
