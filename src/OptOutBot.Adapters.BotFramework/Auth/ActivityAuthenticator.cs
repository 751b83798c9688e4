using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OptOutBot.Adapters.BotFramework.Wire;

namespace OptOutBot.Adapters.BotFramework.Auth;

/// <summary>Who sent an activity, once the Authorization header has been checked.</summary>
internal sealed record Caller(CallerKind Kind, string? ServiceUrlClaim, IReadOnlyList<string> Endorsements, DateTimeOffset NotBefore, DateTimeOffset Expires)
{
    public static readonly Caller Anonymous = new(CallerKind.AnonymousLocal, null, [], DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
}

internal enum CallerKind
{
    /// <summary>A Bot Framework channel token (issuer api.botframework.com).</summary>
    Channel,

    /// <summary>An Entra token obtained with the bot's own credentials (the Emulator configured with the App ID).</summary>
    Emulator,

    /// <summary>No header, accepted only in local mode from a loopback peer.</summary>
    AnonymousLocal,
}

/// <summary>
/// Checks the Bearer JWT of an incoming activity as the Bot Framework protocol requires: signature with a key from
/// the OpenID metadata, allowed algorithms, issuer, audience = our App ID, lifetime with clock skew; then, once the
/// body is read, the endorsement of the activity's channel and the serviceurl claim.
/// </summary>
internal sealed class ActivityAuthenticator
{
    // The Emulator's tokens come from these Microsoft first-party tenants (botbuilder's EmulatorValidation).
    private static readonly string[] EmulatorTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a", "69e9b82d-4842-4902-8d1e-abc5b98a55e8"];
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private const int MaxCachedTokens = 4096;

    private readonly BotFrameworkOptions _options;
    private readonly SigningKeyCache _channelKeys;
    private readonly SigningKeyCache? _emulatorKeys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly HashSet<string> _emulatorIssuers = new(StringComparer.Ordinal);

    // Channels reuse one token for many activities (until it nears expiry): after one full check we only re-check its
    // lifetime, so JWT validation costs almost nothing per request. Keyed by the whole token string.
    private readonly ConcurrentDictionary<string, Caller> _validated = new(StringComparer.Ordinal);

    public ActivityAuthenticator(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<ActivityAuthenticator> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var http = httpClients.CreateClient(BotFrameworkServiceCollectionExtensions.HttpClientName);
        _channelKeys = new SigningKeyCache(_options.OpenIdMetadataUrl, http, time, logger);
        if (_options.AcceptEmulatorTokens)
        {
            _emulatorKeys = new SigningKeyCache(_options.EmulatorOpenIdMetadataUrl, http, time, logger);
            foreach (var tenant in EmulatorTenants)
            {
                AddTenantIssuers(tenant);
            }

            if (_options.IsSingleTenant && !string.IsNullOrWhiteSpace(_options.MicrosoftAppTenantId))
            {
                AddTenantIssuers(_options.MicrosoftAppTenantId);
            }
        }
    }

    /// <summary>Step 1, before the body is read: the headers alone. Null = reject with 401.</summary>
    /// <param name="forwarded">The request carries forwarding headers (X-Forwarded-For, Forwarded): a proxy relayed it.</param>
    public async ValueTask<Caller?> AuthenticateAsync(string? authorization, IPAddress? remoteAddress, bool forwarded, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            // The Emulator without an App ID sends no header; only ever accepted in local mode, from this machine. A
            // same-machine reverse proxy makes remote clients look local, so anything it relayed is refused.
            if (_options.AllowUnauthenticatedLocal && remoteAddress is not null && IPAddress.IsLoopback(remoteAddress) && !forwarded)
            {
                return Caller.Anonymous;
            }

            if (forwarded && _options.AllowUnauthenticatedLocal)
            {
                Log.Rejected(_logger, "unauthenticated activity relayed by a proxy (forwarding headers) in local mode");
                return null;
            }

            Log.Rejected(_logger, "no Authorization header");
            return null;
        }

        if (!_options.HasAppId)
        {
            Log.Rejected(_logger, "a token was sent but BotFramework:MicrosoftAppId is not set");
            return null;
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length < 8)
        {
            Log.Rejected(_logger, "not a Bearer token");
            return null;
        }

        var token = authorization[7..].Trim();
        var now = _time.GetUtcNow();
        if (_validated.TryGetValue(token, out var cached))
        {
            if (now >= cached.NotBefore - _options.ClockSkew && now <= cached.Expires + _options.ClockSkew)
            {
                return cached;
            }

            _validated.TryRemove(token, out _);
            Log.Rejected(_logger, "token expired");
            return null;
        }

        var caller = await ValidateAsync(token, now, cancellationToken).ConfigureAwait(false);
        if (caller is not null)
        {
            if (_validated.Count >= MaxCachedTokens)
            {
                _validated.Clear();
            }

            _validated[token] = caller;
        }

        return caller;
    }

    /// <summary>Step 2, once the activity is parsed: the channel must be endorsed by the signing key, and serviceUrl must be the one the token was issued for.</summary>
    /// <remarks>For an unauthenticated caller the activity's serviceUrl is replaced by the configured reply address it matched.</remarks>
    public bool IsAllowed(Caller caller, InboundActivity activity)
    {
        // Replies are posted to {serviceUrl}/v3/…: a query, fragment or user info would change where they go.
        if (BotFrameworkOptions.PlainBaseUrl(activity.ServiceUrl, allowPath: true) is null)
        {
            Log.Rejected(_logger, "serviceUrl is not a plain http(s) url");
            return false;
        }

        switch (caller.Kind)
        {
            case CallerKind.AnonymousLocal:
                // Unauthenticated activities may only make us call back to the configured local address, never
                // another port and never a path of their choosing.
                if (_options.LocalReplyUrl(activity.ServiceUrl) is not { } local)
                {
                    Log.Rejected(_logger, "unauthenticated activity whose serviceUrl is not BotFramework:LocalServiceUrl or a BotFramework:LocalEmulatorPorts port");
                    return false;
                }

                activity.ServiceUrl = local;
                return true;
            case CallerKind.Channel:
                if (!string.IsNullOrEmpty(activity.ChannelId) && !caller.Endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
                {
                    Log.Rejected(_logger, "channel not endorsed by the signing key");
                    return false;
                }

                if (caller.ServiceUrlClaim is null || !string.Equals(caller.ServiceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
                {
                    Log.Rejected(_logger, "serviceurl claim does not match the activity");
                    return false;
                }

                return true;
            case CallerKind.Emulator:
                // Only someone holding our own app credentials gets such a token; the Emulator runs on this machine or beside it.
                return !string.IsNullOrEmpty(activity.ServiceUrl);
            default:
                return false;
        }
    }

    private async ValueTask<Caller?> ValidateAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            Log.Rejected(_logger, "malformed token");
            return null;
        }

        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            Log.Rejected(_logger, "algorithm not allowed");
            return null;
        }

        var issuer = jwt.Issuer;
        var isChannel = string.Equals(issuer, _options.ChannelIssuer, StringComparison.Ordinal);
        var isEmulator = !isChannel && _emulatorKeys is not null && _emulatorIssuers.Contains(issuer);
        if (!isChannel && !isEmulator)
        {
            Log.Rejected(_logger, "unknown issuer");
            return null;
        }

        var keys = isChannel ? _channelKeys : _emulatorKeys!;
        var key = await keys.FindAsync(jwt.Kid, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            Log.Rejected(_logger, "unknown signing key");
            return null;
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key.Key,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            ValidIssuer = issuer,
            ValidateIssuer = true,
            ValidAudiences = isChannel ? [_options.MicrosoftAppId] : [_options.MicrosoftAppId, "api://" + _options.MicrosoftAppId],
            ValidateAudience = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = _options.ClockSkew,
            LifetimeValidator = (notBefore, expires, _, p) =>
                expires is { } exp && now <= exp.ToUniversalTime() + p.ClockSkew
                && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - p.ClockSkew),
            SaveSigninToken = false,
        };

        var result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            Log.Rejected(_logger, result.Exception?.GetType().Name ?? "invalid token");
            return null;
        }

        var validated = (JsonWebToken)result.SecurityToken;
        var notBefore = validated.ValidFrom == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(validated.ValidFrom, TimeSpan.Zero);
        var expires = new DateTimeOffset(validated.ValidTo, TimeSpan.Zero);
        if (isChannel)
        {
            validated.TryGetPayloadValue<string>("serviceurl", out var serviceUrl);
            return new Caller(CallerKind.Channel, serviceUrl, key.Endorsements, notBefore, expires);
        }

        // Emulator / Entra tokens: the app that asked for it must be us ("appid" in v1 tokens, "azp" in v2).
        validated.TryGetPayloadValue<string>("ver", out var version);
        var appClaim = version == "2.0" ? "azp" : "appid";
        if (!validated.TryGetPayloadValue<string>(appClaim, out var appId) || !string.Equals(appId, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
        {
            Log.Rejected(_logger, "emulator token for another app");
            return null;
        }

        return new Caller(CallerKind.Emulator, null, [], notBefore, expires);
    }

    private void AddTenantIssuers(string tenant)
    {
        _emulatorIssuers.Add($"https://sts.windows.net/{tenant}/");
        _emulatorIssuers.Add($"https://login.microsoftonline.com/{tenant}/v2.0");
    }
}
