using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Http;
using OptOutBot.Engine.Configuration;

namespace OptOutBot.Adapters.Discord;

/// <summary>Settings of the "Discord" section. The adapter is off until <see cref="PublicKey"/> is set.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>The application id (General Information page); needed to register commands.</summary>
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>The application's public key, 64 hex characters: every interaction is verified against it.</summary>
    public string PublicKey { get; set; } = string.Empty;

    /// <summary>The bot token (Bot page); needed to register commands and to send reminders.</summary>
    public string BotToken { get; set; } = string.Empty;

    /// <summary>Discord's REST base url; tests point it at a fake server.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>How far an interaction's timestamp may be from our clock before it is refused as stale.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Refuse (401) a signature seen before within the tolerance window: a captured request cannot be played
    /// again. On by default (Discord never resends an interaction); load tests that replay signed requests turn it off.</summary>
    public bool RejectReplays { get; set; } = true;

    /// <summary>When a turn has not finished after this long, answer "thinking…" and follow up (Discord allows 3 s).</summary>
    public TimeSpan DeferAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Answers in servers are visible only to the person who asked, with a button to share them.</summary>
    public bool EphemeralInServers { get; set; } = true;

    /// <summary>Timeout of one attempt of a REST call.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times an interactive REST call (follow-up, edit, registration) is retried after a 5xx, a timeout or a short rate limit. Reminders are never retried here: the broadcast lane reschedules them.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>An interactive call waits out a rate limit up to this long; longer waits are returned to the caller.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Delay before the first retry after a 5xx or a timeout (doubled each time).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    internal bool Enabled => !string.IsNullOrWhiteSpace(PublicKey);

    /// <summary>The shared HTTP set-up's numbers for Discord's client.</summary>
    internal HttpResilienceSettings Http => new()
    {
        AttemptTimeout = RequestTimeout,
        MaxRetries = MaxRetries,
        RetryBaseDelay = RetryBaseDelay,
        MaxRetryAfterWait = MaxRateLimitWait,
    };

    /// <summary>Settings renamed when durations became TimeSpans; a configuration that still uses one is refused at start.</summary>
    internal static readonly RenamedSetting[] Renamed =
    [
        new("TimestampToleranceSeconds", nameof(TimestampTolerance), "00:05:00"),
        new("DeferAfterMilliseconds", nameof(DeferAfter), "00:00:02"),
        new("RequestTimeoutSeconds", nameof(RequestTimeout), "00:00:10"),
        new("MaxRateLimitWaitSeconds", nameof(MaxRateLimitWait), "00:00:05"),
        new("RetryBaseDelayMilliseconds", nameof(RetryBaseDelay), "00:00:00.5"),
    ];
}

/// <summary>Checks the section at start; every message names the setting and how to fix it.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled && (options.PublicKey.Trim().Length != 64 || !options.PublicKey.Trim().All(char.IsAsciiHexDigit)))
        {
            errors.Add("Discord:PublicKey must be the 64 hexadecimal characters shown as \"Public Key\" on the application's General Information page.");
        }

        if (options.ApplicationId.Length > 0 && !options.ApplicationId.All(char.IsAsciiDigit))
        {
            errors.Add("Discord:ApplicationId must be the numeric application id (General Information page).");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http"))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute http(s) url, normally https://discord.com/api/v10.");
        }

        if (options.TimestampTolerance < TimeSpan.FromSeconds(1) || options.TimestampTolerance > TimeSpan.FromHours(1))
        {
            errors.Add($"Discord:TimestampTolerance must be between 00:00:01 and 01:00:00 (default 00:05:00; got {options.TimestampTolerance}).");
        }

        if (options.DeferAfter < TimeSpan.FromMilliseconds(1) || options.DeferAfter > TimeSpan.FromMilliseconds(2900))
        {
            errors.Add($"Discord:DeferAfter must be between 00:00:00.001 and 00:00:02.9: Discord drops interactions not answered within 3 s (got {options.DeferAfter}).");
        }

        errors.AddRange(options.Http.Problems(DiscordOptions.SectionName));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
