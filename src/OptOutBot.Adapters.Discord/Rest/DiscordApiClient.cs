using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Discord.Rest.Requests;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Adapters.Http;

namespace OptOutBot.Adapters.Discord.Rest;

/// <summary>
/// Discord's REST API, one typed request at a time (<see cref="DiscordRequest"/>). The client it is given (see
/// <see cref="DiscordServiceCollectionExtensions"/>) owns timeouts, interactive retries and rate-limit buckets; this
/// class turns the final answer into a <see cref="DiscordResponse"/>: expected failures are values.
/// </summary>
internal sealed class DiscordApiClient(IHttpClientFactory factory, IOptions<DiscordOptions> options, ILogger<DiscordApiClient> logger)
{
    public const string HttpClientName = "discord";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http = factory.CreateClient(HttpClientName);
    private readonly DiscordOptions _options = options.Value;

    public async Task<DiscordResponse<TResult>> SendAsync<TResult>(DiscordRequest<TResult> request, CancellationToken cancellationToken = default)
        where TResult : class
    {
        var response = await SendAsync((DiscordRequest)request, cancellationToken).ConfigureAwait(false);
        TResult? value = null;
        if (response.IsOk && response.Body.Length > 0)
        {
            try
            {
                value = JsonSerializer.Deserialize(response.Body, request.ResultType);
            }
            catch (JsonException)
            {
                value = null;
            }
        }

        return new DiscordResponse<TResult>(response, value);
    }

    public async Task<DiscordResponse> SendAsync(DiscordRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new DiscordHttpRequest(request.Method, new Uri(BaseUri, request.Path), request.Route, request.Resource) { SingleAttempt = request.Proactive };
        if (request.Authenticate)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.BotToken);
        }

        if (request.Body() is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = JsonType;
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            Log.RestTransportError(logger, request.Route, e.IsTimeout() ? "timeout" : e.HttpRequestError.ToString());
            return DiscordResponse.Failed(null, e.IsTimeout() ? "timeout" : "connection failed", transient: true);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return DiscordResponse.Ok(status, bytes);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return DiscordResponse.RateLimited(response.RetryAfter() ?? TimeSpan.FromSeconds(1), DiscordRateLimitHandler.IsGlobal(response));
            }

            if (status >= 500)
            {
                Log.RestServerError(logger, request.Route, status);
                return DiscordResponse.Failed(status, $"HTTP {status}", transient: true);
            }

            var error = ParseError(bytes);
            Log.RestClientError(logger, request.Route, status, error?.Code ?? 0);
            var reason = $"HTTP {status}" + (error?.Code is { } code ? $" code {code.ToString(CultureInfo.InvariantCulture)}" : string.Empty);
            return IsGone(status, error?.Code)
                ? DiscordResponse.Gone(status, error?.Code, reason)
                : DiscordResponse.Failed(status, reason, transient: status == 408);
        }
    }

    /// <summary>Unknown channel / user / webhook, missing access, cannot DM this user: no point trying again.</summary>
    internal static bool IsGone(int status, int? code) =>
        code is 10003 or 10013 or 10015 or 50001 or 50007 or 50013
        || (code is null && status is 403 or 404);

    internal static DiscordError? ParseError(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, DiscordJson.Context.DiscordError);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Uri BaseUri => field ??= new Uri(_options.ApiBaseUrl.TrimEnd('/') + "/");
}

/// <summary>How a REST call ended; expected failures are values.</summary>
internal sealed record DiscordResponse(DiscordOutcome Outcome, int? Status, byte[] Body, string Reason)
{
    public TimeSpan RetryAfter { get; init; }

    public bool Global { get; init; }

    public int? ErrorCode { get; init; }

    public bool Transient { get; init; }

    public bool IsOk => Outcome == DiscordOutcome.Ok;

    public static DiscordResponse Ok(int status, byte[] body) => new(DiscordOutcome.Ok, status, body, "ok");

    public static DiscordResponse RateLimited(TimeSpan retryAfter, bool global) =>
        new(DiscordOutcome.RateLimited, 429, [], "rate limited") { RetryAfter = retryAfter, Global = global };

    public static DiscordResponse Gone(int status, int? code, string reason) => new(DiscordOutcome.Gone, status, [], reason) { ErrorCode = code };

    public static DiscordResponse Failed(int? status, string reason, bool transient) => new(DiscordOutcome.Failed, status, [], reason) { Transient = transient };
}

/// <summary>A typed call's outcome and, when it succeeded, Discord's answer.</summary>
internal sealed record DiscordResponse<TResult>(DiscordResponse Response, TResult? Value)
    where TResult : class;

internal enum DiscordOutcome
{
    Ok,
    RateLimited,
    Gone,
    Failed,
}
