using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Http;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>The "BotFramework" section: the Azure Bot registration and the endpoints it talks to.</summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "BotFramework";

    /// <summary>The bot's Microsoft App ID (Entra application / client id). Empty = adapter off (unless local mode).</summary>
    public string MicrosoftAppId { get; set; } = string.Empty;

    /// <summary>The client secret of that app registration.</summary>
    public string MicrosoftAppPassword { get; set; } = string.Empty;

    /// <summary>"MultiTenant" (default) or "SingleTenant".</summary>
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    /// <summary>The Entra tenant id; required for SingleTenant.</summary>
    public string MicrosoftAppTenantId { get; set; } = string.Empty;

    /// <summary>OpenID metadata of the Bot Framework channel service (signing keys with their endorsements).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>OpenID metadata for Emulator / Entra-issued tokens.</summary>
    public string EmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>The issuer of channel tokens.</summary>
    public string ChannelIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>Whether tokens issued by the Emulator / Entra first-party tenants are accepted (the Emulator with an App ID).</summary>
    public bool AcceptEmulatorTokens { get; set; } = true;

    /// <summary>Token endpoint for outbound calls; empty = https://login.microsoftonline.com/{botframework.com | tenant}/oauth2/v2.0/token.</summary>
    public string TokenEndpoint { get; set; } = string.Empty;

    /// <summary>The scope requested for outbound Connector calls.</summary>
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// Local development only: accept activities without an Authorization header and reply without a token (as the
    /// Bot Framework Emulator does with no App ID). Refused unless every address the host listens on is loopback.
    /// </summary>
    public bool AllowUnauthenticatedLocal { get; set; }

    /// <summary>
    /// Local mode: the Emulator's (or a local connector's) base url on loopback, e.g. http://localhost:3979. An
    /// unauthenticated activity must name exactly it as its serviceUrl, and replies go to this configured address only.
    /// </summary>
    public string LocalServiceUrl { get; set; } = string.Empty;

    /// <summary>Local mode: further loopback ports an unauthenticated activity's serviceUrl may name (http://localhost:PORT, no path); replies go to that port's root.</summary>
    public int[] LocalEmulatorPorts { get; set; } = [];

    /// <summary>Allowed clock difference when checking token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Record activity ids in the update log so that an activity a channel sends twice (a retry after a timeout) is
    /// answered once. On by default; the write is group-committed with the other turns' (see bench/README.md).
    /// </summary>
    public bool DeduplicateActivities { get; set; } = true;

    /// <summary>
    /// Hosts (exact, or "*.suffix") whose https serviceUrls may get our token on proactive sends even when the stored
    /// reference's seal no longer matches (after the app secret was rotated). Teams and the Azure Bot Service channels.
    /// </summary>
    public string[] TrustedServiceUrlHosts { get; set; } = [];

    internal static readonly string[] DefaultTrustedServiceUrlHosts = ["smba.trafficmanager.net", "*.botframework.com"];

    internal bool IsTrustedServiceHost(string serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        foreach (var pattern in TrustedServiceUrlHosts.Length > 0 ? TrustedServiceUrlHosts : DefaultTrustedServiceUrlHosts)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? uri.Host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
                : string.Equals(uri.Host, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Longest text of one message activity; longer answers are split into several activities.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Timeout of one attempt of an outbound call (Connector, token endpoint, signing keys).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times an interactive call (a turn's reply, a token or key fetch) is retried after a 5xx, a timeout or a short 429. Reminders are never retried here: the broadcast lane reschedules them.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Delay before the first retry when the Connector named none (doubled each time).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>An interactive call waits out a Retry-After up to this long; longer waits end the call.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shared HTTP set-up's numbers for the adapter's client.</summary>
    internal HttpResilienceSettings Http => new()
    {
        AttemptTimeout = RequestTimeout,
        MaxRetries = MaxRetries,
        RetryBaseDelay = RetryBaseDelay,
        MaxRetryAfterWait = MaxRateLimitWait,
    };

    internal bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    internal bool IsSingleTenant => string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase);

    internal bool Enabled => HasAppId || AllowUnauthenticatedLocal;

    /// <summary>
    /// Where an unauthenticated activity's replies may go: <see cref="LocalServiceUrl"/> when its serviceUrl names
    /// exactly that, scheme://host:port when it is a loopback root on one of <see cref="LocalEmulatorPorts"/>; otherwise null.
    /// </summary>
    internal string? LocalReplyUrl(string? serviceUrl)
    {
        if (PlainBaseUrl(serviceUrl, allowPath: true) is not { IsLoopback: true } uri)
        {
            return null;
        }

        if (PlainBaseUrl(LocalServiceUrl, allowPath: true) is { } configured
            && Uri.Compare(uri, configured, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return configured.ToString();
        }

        return uri.AbsolutePath == "/" && Array.IndexOf(LocalEmulatorPorts, uri.Port) >= 0 ? uri.GetLeftPart(UriPartial.Authority) : null;
    }

    /// <summary>An absolute http(s) url with nothing after the host but an optional path: no user info, query or fragment.</summary>
    internal static Uri? PlainBaseUrl(string? url, bool allowPath = false)
    {
        if (string.IsNullOrEmpty(url) || url.AsSpan().IndexOfAny("#?@\\ \t\r\n") >= 0
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            || (!allowPath && uri.AbsolutePath != "/"))
        {
            return null;
        }

        return uri;
    }

    internal string EffectiveTokenEndpoint => !string.IsNullOrWhiteSpace(TokenEndpoint)
        ? TokenEndpoint
        : $"https://login.microsoftonline.com/{(IsSingleTenant ? MicrosoftAppTenantId : "botframework.com")}/oauth2/v2.0/token";
}

/// <summary>Start-time checks; every message names the setting and the fix.</summary>
internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!string.Equals(options.MicrosoftAppType, "MultiTenant", StringComparison.OrdinalIgnoreCase) && !options.IsSingleTenant)
        {
            errors.Add($"BotFramework:MicrosoftAppType must be MultiTenant or SingleTenant (got '{options.MicrosoftAppType}'); managed identities are not supported.");
        }

        if (options.HasAppId)
        {
            if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
            {
                errors.Add("BotFramework:MicrosoftAppPassword is required when BotFramework:MicrosoftAppId is set (the client secret of the app registration).");
            }

            if (options.IsSingleTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            {
                errors.Add("BotFramework:MicrosoftAppTenantId is required when BotFramework:MicrosoftAppType is SingleTenant.");
            }

            CheckUrl(errors, "BotFramework:OpenIdMetadataUrl", options.OpenIdMetadataUrl);
            CheckUrl(errors, "BotFramework:TokenEndpoint", options.EffectiveTokenEndpoint);
            if (options.AcceptEmulatorTokens)
            {
                CheckUrl(errors, "BotFramework:EmulatorOpenIdMetadataUrl", options.EmulatorOpenIdMetadataUrl);
            }

            if (string.IsNullOrWhiteSpace(options.ChannelIssuer))
            {
                errors.Add("BotFramework:ChannelIssuer must not be empty (default https://api.botframework.com).");
            }
        }

        if (options.AllowUnauthenticatedLocal)
        {
            if (options.LocalServiceUrl.Length > 0 && PlainLoopback(options.LocalServiceUrl) is null)
            {
                errors.Add($"BotFramework:LocalServiceUrl must be an http(s) url on loopback without query or fragment, e.g. http://localhost:3979 (got '{options.LocalServiceUrl}').");
            }

            if (options.LocalServiceUrl.Length == 0 && options.LocalEmulatorPorts.Length == 0)
            {
                errors.Add("BotFramework:AllowUnauthenticatedLocal needs BotFramework:LocalServiceUrl (the Emulator's address, e.g. http://localhost:3979) or BotFramework:LocalEmulatorPorts: unauthenticated activities may only make the bot call back there.");
            }

            if (options.LocalEmulatorPorts.Any(p => p is < 1 or > 65535))
            {
                errors.Add("BotFramework:LocalEmulatorPorts must list port numbers between 1 and 65535.");
            }
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add("BotFramework:ClockSkew must be between 00:00:00 and 00:10:00 (default 00:05:00).");
        }

        if (options.MaxMessageLength is < 200 or > 28000)
        {
            errors.Add("BotFramework:MaxMessageLength must be between 200 and 28000 (default 4000).");
        }

        errors.AddRange(options.Http.Problems(BotFrameworkOptions.SectionName));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static Uri? PlainLoopback(string url) => BotFrameworkOptions.PlainBaseUrl(url, allowPath: true) is { IsLoopback: true } uri ? uri : null;

    // Secrets and tokens travel to these urls, so plain http is only for a loopback test double.
    private static void CheckUrl(List<string> errors, string setting, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            errors.Add($"{setting} must be an absolute https:// url (http:// only on loopback); got '{value}'.");
        }
    }
}
