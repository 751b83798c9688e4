namespace OptOutBot.Adapters.Http;

/// <summary>
/// How one platform's REST calls are made: a timeout per attempt, and for interactive calls a few retries of transient
/// failures (connection errors, attempt timeouts, 408, 429, 5xx) that honour the platform's Retry-After. The defaults
/// are the numbers every adapter starts from; an adapter maps its own options (e.g. <c>Discord:RequestTimeout</c>) onto them.
/// </summary>
public sealed record HttpResilienceSettings
{
    /// <summary>Longest one attempt may take (connect, send, read the whole answer).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt of an interactive call; proactive requests (<see cref="HttpAttempts.SingleAttempt"/>) never retry.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Wait before the first retry when the platform named none; doubled for each further retry.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A Retry-After longer than this is not waited out: the response goes back to the caller, which reports it (the broadcast lane reschedules).</summary>
    public TimeSpan MaxRetryAfterWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads the wait a 429/503 asks for; the default reads the HTTP <c>Retry-After</c> header.</summary>
    public RetryAfterReader ReadRetryAfter { get; init; } = RetryAfterHeader.ReadAsync;

    /// <summary>Problems with these numbers, each naming the setting under <paramref name="section"/> (e.g. "Discord").</summary>
    public IEnumerable<string> Problems(string section, string timeoutName = "RequestTimeout", string retriesName = "MaxRetries", string baseDelayName = "RetryBaseDelay", string maxWaitName = "MaxRateLimitWait")
    {
        if (AttemptTimeout < TimeSpan.FromMilliseconds(100) || AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{section}:{timeoutName} must be between 00:00:00.1 and 00:05:00 (got {AttemptTimeout}).";
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return $"{section}:{retriesName} must be between 0 and 10 (got {MaxRetries}).";
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{section}:{baseDelayName} must be between 00:00:00 and 00:01:00 (got {RetryBaseDelay}).";
        }

        if (MaxRetryAfterWait < TimeSpan.Zero || MaxRetryAfterWait > TimeSpan.FromMinutes(5))
        {
            yield return $"{section}:{maxWaitName} must be between 00:00:00 and 00:05:00 (got {MaxRetryAfterWait}).";
        }
    }
}
