using Microsoft.Extensions.Options;

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

    /// <summary>How far (seconds) an interaction's timestamp may be from our clock before it is refused as stale.</summary>
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>Refuse (401) a signature seen before within the tolerance window: a captured request cannot be played
    /// again. On by default (Discord never resends an interaction); load tests that replay signed requests turn it off.</summary>
    public bool RejectReplays { get; set; } = true;

    /// <summary>When a turn has not finished after this many milliseconds, answer "thinking…" and follow up (Discord allows 3 s).</summary>
    public int DeferAfterMilliseconds { get; set; } = 2000;

    /// <summary>Answers in servers are visible only to the person who asked, with a button to share them.</summary>
    public bool EphemeralInServers { get; set; } = true;

    /// <summary>Per-request timeout of REST calls, in seconds.</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>How many times a REST call is retried after a 5xx or a timeout.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Waits for a rate limit up to this many seconds; longer waits are returned to the caller (the broadcast dispatcher reschedules).</summary>
    public double MaxRateLimitWaitSeconds { get; set; } = 5;

    /// <summary>Base delay between 5xx retries, in milliseconds (doubled each time).</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    internal bool Enabled => !string.IsNullOrWhiteSpace(PublicKey);
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

        if (options.TimestampToleranceSeconds is < 1 or > 3600)
        {
            errors.Add("Discord:TimestampToleranceSeconds must be between 1 and 3600 (default 300).");
        }

        if (options.DeferAfterMilliseconds is < 1 or > 2900)
        {
            errors.Add("Discord:DeferAfterMilliseconds must be between 1 and 2900: Discord drops interactions not answered within 3 s.");
        }

        if (options.RequestTimeoutSeconds < 1 || options.MaxRetries is < 0 or > 10 || options.MaxRateLimitWaitSeconds < 0 || options.RetryBaseDelayMilliseconds < 0)
        {
            errors.Add("Discord:RequestTimeoutSeconds must be ≥ 1, Discord:MaxRetries 0–10, Discord:MaxRateLimitWaitSeconds and Discord:RetryBaseDelayMilliseconds ≥ 0.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
