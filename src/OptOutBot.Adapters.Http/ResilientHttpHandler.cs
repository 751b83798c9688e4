using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OptOutBot.Adapters.Http;

/// <summary>
/// The one retry layer of interactive REST calls: each attempt gets <see cref="HttpResilienceSettings.AttemptTimeout"/>;
/// connection errors, timeouts, 408, 429 and 5xx are retried up to <see cref="HttpResilienceSettings.MaxRetries"/>
/// times (Polly's retry and timeout strategies), waiting on <see cref="TimeProvider"/> what the platform asked or an
/// exponential backoff. Single-attempt requests only get the timeout. A failure after the last attempt is an
/// <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class ResilientHttpHandler : DelegatingHandler
{
    private readonly HttpResilienceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage>? _interactive;
    private readonly Func<Outcome<HttpResponseMessage>, CancellationToken, ValueTask<bool>> _shouldRetry;
    private readonly System.Collections.Concurrent.ConcurrentQueue<CancellationTokenSource> _timeouts = new(); // a queue: no node per return

    public ResilientHttpHandler(string client, HttpResilienceSettings settings, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _time = time;
        _shouldRetry = (outcome, ct) => ShouldRetryAsync(client, logger, outcome, ct);
        _interactive = settings.MaxRetries == 0 ? null : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
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
        // The first attempt runs outside Polly: most calls succeed at once, and the pipeline's async layers would cost
        // about a kilobyte per request on the interaction path. Only a failed first attempt enters the retries.
        Outcome<HttpResponseMessage> outcome;
        var timeout = RentTimeout();
        timeout.CancelAfter(_settings.AttemptTimeout);
        var link = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout);
        try
        {
            outcome = Outcome.FromResult(await base.SendAsync(request, timeout.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            outcome = Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException($"no answer within {_settings.AttemptTimeout}", _settings.AttemptTimeout, e));
        }
        catch (HttpRequestException e)
        {
            outcome = Outcome.FromException<HttpResponseMessage>(e);
        }
        finally
        {
            link.Dispose();
            ReturnTimeout(timeout);
        }

        if (!request.IsSingleAttempt() && _interactive is not null && await _shouldRetry(outcome, cancellationToken).ConfigureAwait(false))
        {
            outcome = await RetryAsync(request, outcome, cancellationToken).ConfigureAwait(false);
        }

        switch (outcome.Exception)
        {
            case TimeoutRejectedException e:
                throw HttpAttempts.TimedOut(e);
            case { } e:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
                break;
        }

        var response = outcome.Result!;
        if (IsWaitStatus(response.StatusCode) && response.RetryAfter() is null)
        {
            await RecordRetryAfterAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>The remaining attempts, through Polly's retry and timeout strategies (a separate method keeps the first attempt's state small).</summary>
    private async Task<Outcome<HttpResponseMessage>> RetryAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> first, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            // The pipeline's first "attempt" hands back the outcome already in hand, so it waits before the real retry.
            return await _interactive!.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    if (state.TakeFirst() is { } first)
                    {
                        return first;
                    }

                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                new Retrying(this, request, first)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // On the system clock a timeout source is reused (its timer with it) once reset; a test clock gets a fresh one.
    private CancellationTokenSource RentTimeout() =>
        _time == TimeProvider.System && _timeouts.TryDequeue(out var cts) ? cts
        : _time == TimeProvider.System ? new CancellationTokenSource() : new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);

    private void ReturnTimeout(CancellationTokenSource cts)
    {
        if (_time == TimeProvider.System && _timeouts.Count < 1024 && cts.TryReset())
        {
            _timeouts.Enqueue(cts);
        }
        else
        {
            cts.Dispose();
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    /// <summary>The retry callback's state: the request, and the first attempt's outcome until the pipeline has taken it.</summary>
    private sealed class Retrying(ResilientHttpHandler handler, HttpRequestMessage request, Outcome<HttpResponseMessage> first)
    {
        private Outcome<HttpResponseMessage>? _first = first;

        public ResilientHttpHandler Handler => handler;

        public HttpRequestMessage Request => request;

        public Outcome<HttpResponseMessage>? TakeFirst()
        {
            var first = _first;
            _first = null;
            return first;
        }
    }

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
