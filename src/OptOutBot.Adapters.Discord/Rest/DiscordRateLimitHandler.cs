using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Adapters.Http;

namespace OptOutBot.Adapters.Discord.Rest;

/// <summary>A Discord call on the wire: the route and resource its rate-limit bucket is kept under.</summary>
internal sealed class DiscordHttpRequest(HttpMethod method, Uri uri, string route, string resource) : PlatformRequest(method, uri)
{
    public string Route { get; } = route;

    public string Resource { get; } = resource;
}

/// <summary>
/// Runs once per attempt, inside the shared retries: takes a slot in the call's <see cref="RateLimitBuckets"/> bucket
/// and learns from the answer's headers. A bucket (or the whole bot) that must wait answers here, without calling
/// Discord, with a 429 and the wait as Retry-After, exactly like Discord's own 429: the shared set-up waits it out for
/// an interactive call when it is short, and a proactive send hands it to the lane. A real 429's fractional
/// <c>retry_after</c> and <c>global</c> flag are copied to the headers so the rest of the chain reads one shape.
/// </summary>
internal sealed class DiscordRateLimitHandler(RateLimitBuckets limits, ILogger<DiscordRateLimitHandler> logger) : DelegatingHandler
{
    private const string GlobalHeader = "X-RateLimit-Global";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request is not DiscordHttpRequest call)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var (wait, global) = limits.Reserve(call.Route, call.Resource);
        if (wait > TimeSpan.Zero)
        {
            return Wait(request, wait, global);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        limits.Update(call.Route, call.Resource, response.Headers);
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return response;
        }

        var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var retryAfter = error?.RetryAfter is { } seconds and >= 0 ? TimeSpan.FromSeconds(seconds) : response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
        var isGlobal = error?.Global == true || IsGlobal(response);
        if (isGlobal)
        {
            limits.PauseAll(retryAfter);
        }
        else
        {
            limits.Exhausted(call.Route, call.Resource, retryAfter);
        }

        Log.RateLimited(logger, call.Route, retryAfter.TotalSeconds, isGlobal);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        if (isGlobal && !IsGlobal(response))
        {
            response.Headers.TryAddWithoutValidation(GlobalHeader, "true");
        }

        return response;
    }

    /// <summary>True when a 429 (Discord's or the bucket's) pauses the whole bot rather than one route.</summary>
    public static bool IsGlobal(HttpResponseMessage response) =>
        response.Headers.TryGetValues(GlobalHeader, out var values) && values.FirstOrDefault() == "true";

    private static HttpResponseMessage Wait(HttpRequestMessage request, TimeSpan wait, bool global)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request, Content = new ByteArrayContent([]) };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        if (global)
        {
            response.Headers.TryAddWithoutValidation(GlobalHeader, "true");
        }

        return response;
    }

    private static async Task<DiscordError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Buffers the body: the client reads it again.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return DiscordApiClient.ParseError(body);
    }
}
