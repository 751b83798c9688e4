using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Rest;

/// <summary>
/// Discord's REST API: command registration, interaction follow-ups, channel and DM messages. Waits for rate-limit
/// buckets and global pauses, retries 5xx and timeouts, and returns failures as values.
/// </summary>
internal sealed class DiscordApiClient(HttpClient http, RateLimitBuckets limits, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordApiClient> logger)
{
    private readonly DiscordOptions _options = options.Value;

    public Task<DiscordResponse> BulkOverwriteCommandsAsync(string applicationId, string? guildId, List<ApplicationCommand> commands, CancellationToken cancellationToken = default) =>
        guildId is null
            ? SendAsync(HttpMethod.Put, $"applications/{applicationId}/commands", "PUT /applications/{id}/commands", applicationId,
                Json(commands, DiscordJson.Context.ListApplicationCommand), authenticate: true, cancellationToken)
            : SendAsync(HttpMethod.Put, $"applications/{applicationId}/guilds/{guildId}/commands", "PUT /applications/{id}/guilds/{guild_id}/commands", guildId,
                Json(commands, DiscordJson.Context.ListApplicationCommand), authenticate: true, cancellationToken);

    /// <summary>Replaces the interaction's first answer (after a deferral). Webhook calls need no bot token.</summary>
    public Task<DiscordResponse> EditOriginalAsync(string applicationId, string interactionToken, MessagePayload payload, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"webhooks/{applicationId}/{interactionToken}/messages/@original", "PATCH /webhooks/{id}/{token}/messages/@original",
            applicationId + "/" + interactionToken, Json(payload, DiscordJson.Context.MessagePayload), authenticate: false, cancellationToken);

    public Task<DiscordResponse> CreateFollowUpAsync(string applicationId, string interactionToken, MessagePayload payload, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"webhooks/{applicationId}/{interactionToken}", "POST /webhooks/{id}/{token}",
            applicationId + "/" + interactionToken, Json(payload, DiscordJson.Context.MessagePayload), authenticate: false, cancellationToken);

    public Task<DiscordResponse> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"channels/{channelId}/messages", "POST /channels/{channel_id}/messages", channelId,
            Json(payload, DiscordJson.Context.MessagePayload), authenticate: true, cancellationToken);

    public Task<DiscordResponse> CreateDmAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "users/@me/channels", "POST /users/@me/channels", string.Empty,
            Json(new CreateDmRequest { RecipientId = userId }, DiscordJson.Context.CreateDmRequest), authenticate: true, cancellationToken);

    public async Task<DiscordResponse> SendAsync(HttpMethod method, string path, string route, string resource, byte[]? body, bool authenticate, CancellationToken cancellationToken = default)
    {
        var maxWait = TimeSpan.FromSeconds(_options.MaxRateLimitWaitSeconds);
        var failures = 0;
        var rateLimited = 0;
        while (true)
        {
            var (wait, global) = limits.Reserve(route, resource);
            if (wait > TimeSpan.Zero)
            {
                if (wait > maxWait)
                {
                    return DiscordResponse.RateLimited(wait, global);
                }

                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
            if (authenticate)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.BotToken);
            }

            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Log.RestTransportError(logger, route, e.GetType().Name);
                if (++failures > _options.MaxRetries)
                {
                    return DiscordResponse.Failed(null, e is OperationCanceledException ? "timeout" : "connection failed", transient: true);
                }

                await Backoff(failures, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                limits.Update(route, resource, response.Headers);
                var status = (int)response.StatusCode;
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return DiscordResponse.Ok(status, bytes);
                }

                var error = ParseError(bytes);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = RetryAfter(response, error);
                    var isGlobal = error?.Global == true || response.Headers.TryGetValues("X-RateLimit-Global", out var g) && g.FirstOrDefault() == "true";
                    if (isGlobal)
                    {
                        limits.PauseAll(retryAfter);
                    }
                    else
                    {
                        limits.Exhausted(route, resource, retryAfter);
                    }

                    Log.RateLimited(logger, route, retryAfter.TotalSeconds, isGlobal);
                    if (retryAfter > maxWait || ++rateLimited > 3)
                    {
                        return DiscordResponse.RateLimited(retryAfter, isGlobal);
                    }

                    continue;
                }

                if (status >= 500)
                {
                    Log.RestServerError(logger, route, status);
                    if (++failures > _options.MaxRetries)
                    {
                        return DiscordResponse.Failed(status, $"HTTP {status}", transient: true);
                    }

                    await Backoff(failures, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Log.RestClientError(logger, route, status, error?.Code ?? 0);
                var reason = $"HTTP {status}" + (error?.Code is { } code ? $" code {code.ToString(CultureInfo.InvariantCulture)}" : string.Empty);
                return IsGone(status, error?.Code)
                    ? DiscordResponse.Gone(status, error?.Code, reason)
                    : DiscordResponse.Failed(status, reason, transient: false);
            }
        }
    }

    /// <summary>Unknown channel / user / webhook, missing access, cannot DM this user: no point trying again.</summary>
    internal static bool IsGone(int status, int? code) =>
        code is 10003 or 10013 or 10015 or 50001 or 50007 or 50013
        || (code is null && status is 403 or 404);

    private Uri BaseUri => field ??= new Uri(_options.ApiBaseUrl.TrimEnd('/') + "/");

    private Task Backoff(int failures, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(_options.RetryBaseDelayMilliseconds * (1 << (failures - 1))), time, cancellationToken);

    private static TimeSpan RetryAfter(HttpResponseMessage response, DiscordError? error)
    {
        if (error?.RetryAfter is { } seconds and >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
    }

    private static DiscordError? ParseError(byte[] body)
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

    private static byte[] Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
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

internal enum DiscordOutcome
{
    Ok,
    RateLimited,
    Gone,
    Failed,
}
