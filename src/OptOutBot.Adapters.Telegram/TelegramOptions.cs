using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Http;
using OptOutBot.Engine.Configuration;

namespace OptOutBot.Adapters.Telegram;

/// <summary>The "Telegram" configuration section. The adapter is off while <see cref="BotToken"/> is empty.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    /// <summary>From @BotFather, e.g. "123456:ABC-DEF…". Never logged.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>Where the Bot API lives; point it at an emulator or a local Bot API server.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>"auto" (webhook when <see cref="PublicUrl"/> is set, else long polling), "polling" or "webhook".</summary>
    public string Mode { get; set; } = "auto";

    /// <summary>The public https base url of this host (e.g. "https://bot.example.org"); the webhook is {PublicUrl}/telegram/webhook.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The webhook secret (1–256 of A-Z a-z 0-9 _ -); empty = derived from the bot token, so host and register agree.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>The bot's @username without "@"; empty = asked with getMe when first needed (group commands and mentions).</summary>
    public string BotUsername { get; set; } = "";

    /// <summary>How long a getUpdates long poll waits for updates: whole seconds, 0 to 00:00:50.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Pause after an empty poll, for servers that ignore the long-poll timeout (emulators).</summary>
    public TimeSpan PollIdleDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>On start: call setWebhook in webhook mode with a <see cref="PublicUrl"/>, deleteWebhook in polling mode.</summary>
    public bool ConfigureWebhookOnStart { get; set; } = true;

    /// <summary>Retries after the first attempt of an interactive Bot API call (replies, button answers, registration) for
    /// 5xx answers, 429s and timeouts (0 = none). Reminders always make one attempt: the broadcast lane decides about retries.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>How long one Bot API attempt may take before it is abandoned (a long poll gets its wait on top).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest 429 retry_after an interactive call waits out itself; longer ones are returned to the caller.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first retry of an interactive call after a 5xx or a timeout (doubled each time).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Old setting name → new one, for a clear start-up error instead of a silently ignored value.</summary>
    internal static readonly RenamedSetting[] Renamed =
    [
        new("PollTimeoutSeconds", nameof(PollTimeout), "00:00:25"),
        new("PollIdleDelayMilliseconds", nameof(PollIdleDelay), "00:00:00.250"),
        new("RequestTimeoutSeconds", nameof(RequestTimeout), "00:00:15"),
        new("MaxRetryAfterWaitSeconds", nameof(MaxRateLimitWait), "00:00:10"),
        // Named as in the Discord and Bot Framework sections; retries, as there, are counted after the first attempt (old value - 1).
        new("MaxRetryAfterWait", nameof(MaxRateLimitWait), "00:00:10"),
        new("MaxAttempts", nameof(MaxRetries), "2"),
    ];

    /// <summary>The shared HTTP set-up's numbers for one of the adapter's clients (see <see cref="TelegramServiceCollectionExtensions"/>).</summary>
    /// <param name="interactive">False for proactive sends and the long poll: one attempt, whoever called decides about another.</param>
    /// <param name="attemptTimeout">Null = <see cref="RequestTimeout"/>.</param>
    internal HttpResilienceSettings Http(bool interactive, TimeSpan? attemptTimeout = null) => new()
    {
        AttemptTimeout = attemptTimeout ?? RequestTimeout,
        MaxRetries = interactive ? MaxRetries : 0,
        RetryBaseDelay = RetryBaseDelay,
        MaxRetryAfterWait = MaxRateLimitWait,
        ReadRetryAfter = Api.TelegramRetryAfter.ReadAsync,
    };

    internal bool Enabled => !string.IsNullOrWhiteSpace(BotToken);

    internal bool UsesWebhook => Mode.Equals("webhook", StringComparison.OrdinalIgnoreCase)
        || (Mode.Equals("auto", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(PublicUrl));

    /// <summary>The bot's numeric id is the token's part before the colon, which spares a getMe on the hot path.</summary>
    internal long BotId => long.TryParse(BotToken.AsSpan(0, Math.Max(0, BotToken.IndexOf(':', StringComparison.Ordinal))), out var id) ? id : 0;

    internal string EffectiveWebhookSecret => WebhookSecret.Length > 0 ? WebhookSecret : DeriveSecret(BotToken);

    internal string? WebhookUrl => string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.TrimEnd('/') + TelegramWebhookEndpoint.Path;

    // HMAC of the token under a fixed label: stable across restarts and hosts, useless without the token, base64url fits Telegram's alphabet.
    internal static string DeriveSecret(string botToken)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(botToken), "optoutbot-telegram-webhook-secret"u8);
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

/// <summary>Checks the section at start; every message names the setting and how to fix it.</summary>
internal sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!TokenPattern().IsMatch(options.BotToken))
        {
            errors.Add("Telegram:BotToken does not look like a bot token (digits, a colon, then letters, digits, '_' or '-'); copy it again from @BotFather.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("Telegram:ApiBaseUrl must be an absolute http(s) url, e.g. https://api.telegram.org (the default).");
        }
        else if (api.AbsolutePath != "/" || api.Query.Length > 0)
        {
            errors.Add("Telegram:ApiBaseUrl must be a scheme and host only (e.g. http://127.0.0.1:8081): the Bot API paths start at /bot<token>/.");
        }

        if (options.Mode.ToLowerInvariant() is not ("auto" or "polling" or "webhook"))
        {
            errors.Add($"Telegram:Mode must be auto, polling or webhook (it is '{options.Mode}').");
        }

        if (options.PublicUrl.Length > 0)
        {
            if (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var pub) || !(pub.Scheme == Uri.UriSchemeHttps || (pub.Scheme == Uri.UriSchemeHttp && pub.IsLoopback)))
            {
                errors.Add("Telegram:PublicUrl must be the https base url Telegram can reach, e.g. https://bot.example.org (http only on loopback, for emulators).");
            }
        }

        if (options.WebhookSecret.Length > 0 && !SecretPattern().IsMatch(options.WebhookSecret))
        {
            errors.Add("Telegram:WebhookSecret must be 1-256 characters among A-Z a-z 0-9 _ - (or empty to derive one from the token).");
        }

        if (options.Mode.Equals("polling", StringComparison.OrdinalIgnoreCase) && options.PublicUrl.Length > 0)
        {
            errors.Add("Telegram:Mode is polling but Telegram:PublicUrl is set: set Mode to webhook or auto, or clear PublicUrl.");
        }

        if (options.PollTimeout < TimeSpan.Zero || options.PollTimeout > TimeSpan.FromSeconds(50) || options.PollTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"Telegram:PollTimeout must be whole seconds between 00:00:00 and 00:00:50 (got {options.PollTimeout}).");
        }

        if (options.PollIdleDelay < TimeSpan.Zero || options.PollIdleDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Telegram:PollIdleDelay must be between 00:00:00 and 00:01:00 (got {options.PollIdleDelay}).");
        }

        // The same limits, and messages, as every adapter's REST settings.
        errors.AddRange(options.Http(interactive: true).Problems(TelegramOptions.SectionName));

        if (options.BotUsername.Length > 0 && !UsernamePattern().IsMatch(options.BotUsername.TrimStart('@')))
        {
            errors.Add("Telegram:BotUsername must be the bot's username (letters, digits, '_'), e.g. OptOutBot.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^[A-Za-z0-9_]{3,64}$")]
    private static partial Regex UsernamePattern();
}
