using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Adapters.Http;

namespace OptOutBot.Adapters.BotFramework.Connector;

/// <summary>How one Connector call ended: the status, and the wait the Connector asked for, if any.</summary>
internal readonly record struct ConnectorResponse(HttpStatusCode Status, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Posts activities to a conversation's Connector service (<c>{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]</c>).
/// The caller says whether the serviceUrl is trusted (it arrived in an authenticated activity); only then does our token go with it.
/// Replies to a turn are interactive (the shared client retries transient failures); proactive sends make one attempt
/// and the broadcast lane decides what next. Transport failures and timeouts throw <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class ConnectorClient(IHttpClientFactory httpClients, ConnectorTokenProvider tokens, TimeProvider time, ILogger<ConnectorClient> logger)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http = httpClients.CreateClient(BotFrameworkServiceCollectionExtensions.HttpClientName);

    public async Task<ConnectorResponse> SendAsync(string serviceUrl, string conversationId, string? replyToId, OutboundActivity activity, bool trustedServiceUrl, bool proactive = false, CancellationToken cancellationToken = default)
    {
        var uri = ActivitiesUri(serviceUrl, conversationId, replyToId);
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, BotFrameworkJsonContext.Default.OutboundActivity);
        var token = trustedServiceUrl ? await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) : null;
        var response = await PostAsync(uri, body, token, proactive, cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.Unauthorized && token is not null)
        {
            // Our cached token may have been revoked or rotated early: once more with a fresh one. The Connector refused
            // the first post, so this cannot deliver twice, even for a proactive send.
            tokens.Invalidate();
            token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            response = await PostAsync(uri, body, token, proactive, cancellationToken).ConfigureAwait(false);
        }

        if (!response.IsSuccess)
        {
            Log.ConnectorCallFailed(logger, (int)response.Status);
        }

        return response;
    }

    internal static Uri ActivitiesUri(string serviceUrl, string conversationId, string? replyToId)
    {
        // Teams conversation ids contain ':' and ';', so every path segment is escaped.
        var path = serviceUrl.TrimEnd('/') + "/v3/conversations/" + Uri.EscapeDataString(conversationId) + "/activities";
        if (!string.IsNullOrEmpty(replyToId))
        {
            path += "/" + Uri.EscapeDataString(replyToId);
        }

        return new Uri(path, UriKind.Absolute);
    }

    private async Task<ConnectorResponse> PostAsync(Uri uri, byte[] body, string? token, bool proactive, CancellationToken cancellationToken)
    {
        using var request = proactive ? HttpAttempts.SingleAttempt(HttpMethod.Post, uri) : new HttpRequestMessage(HttpMethod.Post, uri);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonType;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var retryAfter = (int)response.StatusCode == 429 ? response.RetryAfter() ?? RetryAfterHeader.Read(response, time) : null;

        // Drain the small body ({"id": …}) so the pooled connection can be reused.
        await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        return new ConnectorResponse(response.StatusCode, retryAfter);
    }
}
