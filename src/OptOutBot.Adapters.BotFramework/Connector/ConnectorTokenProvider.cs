using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.BotFramework.Wire;

namespace OptOutBot.Adapters.BotFramework.Connector;

/// <summary>
/// The bot's own token for Connector calls (client credentials against Microsoft Entra), cached until five minutes
/// before it expires; concurrent callers share one fetch. No token in local mode (no App ID).
/// </summary>
internal sealed class ConnectorTokenProvider(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<ConnectorTokenProvider> logger)
{
    private readonly HttpClient _http = httpClients.CreateClient(BotFrameworkServiceCollectionExtensions.HttpClientName);
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private readonly BotFrameworkOptions _options = options.Value;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile CachedToken? _token;

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);

    /// <summary>The bearer token, or null when the bot has no App ID (local mode: replies go without a token).</summary>
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.HasAppId)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var token = _token;
        return token is not null && time.GetUtcNow() < token.RefreshAt
            ? ValueTask.FromResult<string?>(token.Value)
            : FetchAsync(cancellationToken);
    }

    /// <summary>Drops the cached token (after the Connector answered 401 with it).</summary>
    public void Invalidate() => _token = null;

    private async ValueTask<string?> FetchAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var token = _token;
            if (token is not null && time.GetUtcNow() < token.RefreshAt)
            {
                return token.Value;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, _options.EffectiveTokenEndpoint)
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "client_credentials"),
                    new("client_id", _options.MicrosoftAppId),
                    new("client_secret", _options.MicrosoftAppPassword),
                    new("scope", _options.TokenScope),
                ]),
            };
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Log.TokenRequestFailed(logger, (int)response.StatusCode);
                throw new HttpRequestException($"The token endpoint answered {(int)response.StatusCode}; check BotFramework:MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId.", null, response.StatusCode);
            }

            var body = await response.Content.ReadFromJsonAsync(BotFrameworkJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
            if (body?.AccessToken is not { Length: > 0 } value)
            {
                throw new HttpRequestException("The token endpoint answered without an access_token.");
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(60, body.ExpiresIn));
            var refreshBefore = lifetime > RefreshBefore * 2 ? RefreshBefore : lifetime / 2;
            _token = new CachedToken(value, time.GetUtcNow() + lifetime - refreshBefore);
            Log.TokenFetched(logger, (int)lifetime.TotalSeconds);
            return value;
        }
        finally
        {
            _lock.Release();
        }
    }
}
