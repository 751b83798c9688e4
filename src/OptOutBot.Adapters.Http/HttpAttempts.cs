using Polly.Timeout;

namespace OptOutBot.Adapters.Http;

/// <summary>
/// What a caller of a resilient client needs: how to make a request single-attempt (proactive sends, whose
/// retries belong to the broadcast lane), the wait a 429/503 asked for, and whether a failure was a timeout.
/// </summary>
public static class HttpAttempts
{
    private static readonly HttpRequestOptionsKey<TimeSpan> RetryAfterKey = new("OptOutBot.RetryAfter");

    /// <summary>
    /// A proactive request: one attempt, never retried here (a send that timed out may still have arrived; the caller
    /// returns a <c>SendResult</c> and the broadcast lane decides). A client whose every call is proactive can instead
    /// be registered with <see cref="HttpResilienceSettings.MaxRetries"/> = 0.
    /// </summary>
    public static HttpRequestMessage SingleAttempt(HttpMethod method, Uri uri) => new PlatformRequest(method, uri) { SingleAttempt = true };

    public static bool IsSingleAttempt(this HttpRequestMessage request) => request is PlatformRequest { SingleAttempt: true };

    /// <summary>The wait the platform asked for in this 429/503 response (as the client's <see cref="RetryAfterReader"/> read it), or null.</summary>
    public static TimeSpan? RetryAfter(this HttpResponseMessage response) =>
        response.RequestMessage is { } request && request.Options.TryGetValue(RetryAfterKey, out var wait) ? wait : null;

    /// <summary>True when the request failed because an attempt ran out of time (rather than a refused connection).</summary>
    public static bool IsTimeout(this HttpRequestException exception) => exception.InnerException is TimeoutException;

    internal static void SetRetryAfter(HttpRequestMessage request, TimeSpan wait) => request.Options.Set(RetryAfterKey, wait);

    internal static HttpRequestException TimedOut(TimeoutRejectedException e) =>
        new($"no answer within {e.Timeout}", new TimeoutException(e.Message, e));
}

/// <summary>
/// A request that says how it may be attempted; an adapter may derive from it to carry what its own handlers need
/// (Discord's rate-limit route). A type rather than an <see cref="HttpRequestMessage.Options"/> entry: reading Options
/// allocates it on every request.
/// </summary>
public class PlatformRequest(HttpMethod method, Uri uri) : HttpRequestMessage(method, uri)
{
    /// <summary>Proactive: one attempt, never retried by the client (see <see cref="HttpAttempts.SingleAttempt"/>).</summary>
    public bool SingleAttempt { get; init; }
}
