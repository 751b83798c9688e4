using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace OptOutBot.Adapters.BotFramework.Auth;

/// <summary>A signing key from a JWKS and the channels it is endorsed for (Bot Framework adds an "endorsements" array to each key).</summary>
internal sealed record SigningKey(SecurityKey Key, IReadOnlyList<string> Endorsements);

/// <summary>
/// The signing keys behind one OpenID metadata document: fetched on first use, kept for a day, and fetched again
/// when a token names a key id we do not know (key rollover), at most once per <see cref="MinRefreshInterval"/>.
/// </summary>
internal sealed class SigningKeyCache(string metadataUrl, HttpClient http, TimeProvider time, ILogger logger)
{
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);
    internal static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile IReadOnlyDictionary<string, SigningKey> _keys = new Dictionary<string, SigningKey>();
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public string MetadataUrl => metadataUrl;

    /// <summary>The key with this id, fetching the keys first when they are stale or the id is unknown; null when none matches.</summary>
    public async ValueTask<SigningKey?> FindAsync(string? keyId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_keys.TryGetValue(keyId, out var key) && now - _fetchedAt < RefreshInterval)
        {
            return key;
        }

        await RefreshAsync(force: key is null, cancellationToken).ConfigureAwait(false);
        return _keys.TryGetValue(keyId, out key) ? key : null;
    }

    private async Task RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            // Another caller may have refreshed while we waited; and an unknown kid must not let anyone hammer the metadata host.
            if (now - _lastAttempt < MinRefreshInterval || (!force && now - _fetchedAt < RefreshInterval))
            {
                return;
            }

            _lastAttempt = now;
            try
            {
                _keys = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _fetchedAt = now;
                Log.SigningKeysFetched(logger, _keys.Count, metadataUrl);
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or ArgumentException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Keep the keys we had: a metadata outage must not reject tokens signed with keys we already trust.
                Log.SigningKeysFetchFailed(logger, metadataUrl, ex);
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> FetchAsync(CancellationToken cancellationToken)
    {
        string jwksUri;
        using (var metadata = await GetJsonAsync(metadataUrl, cancellationToken).ConfigureAwait(false))
        {
            jwksUri = metadata.RootElement.GetProperty("jwks_uri").GetString()
                ?? throw new InvalidOperationException("OpenID metadata has no jwks_uri.");
        }

        if (!IsAllowedUrl(jwksUri))
        {
            throw new InvalidOperationException("jwks_uri must be https (http only on loopback).");
        }

        using var jwks = await GetJsonAsync(jwksUri, cancellationToken).ConfigureAwait(false);
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var element in jwks.RootElement.GetProperty("keys").EnumerateArray())
        {
            var jwk = new JsonWebKey(element.GetRawText());
            if (string.IsNullOrEmpty(jwk.Kid) || (jwk.Use is { Length: > 0 } use && use != "sig"))
            {
                continue;
            }

            var endorsements = new List<string>();
            if (element.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } s)
                    {
                        endorsements.Add(s);
                    }
                }
            }

            keys[jwk.Kid] = new SigningKey(jwk, endorsements);
        }

        return keys;
    }

    private async Task<JsonDocument> GetJsonAsync(string url, CancellationToken cancellationToken)
    {
        // Timeouts and retries are the shared client's (BotFramework:RequestTimeout, BotFramework:MaxRetries).
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    internal static bool IsAllowedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
