using Microsoft.Extensions.Logging;

namespace OptOutBot.Adapters.Discord;

/// <summary>The adapter's log events. Never message text, tokens or signatures.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Debug, "Discord interaction refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(5002, LogLevel.Information, "Discord turn took longer than {Milliseconds} ms: deferred, the answer follows through the interaction webhook")]
    public static partial void Deferred(ILogger logger, double milliseconds);

    [LoggerMessage(5003, LogLevel.Warning, "Discord follow-up failed: {Reason}")]
    public static partial void FollowUpFailed(ILogger logger, string reason);

    [LoggerMessage(5004, LogLevel.Warning, "Discord REST {Route}: {Error}")]
    public static partial void RestTransportError(ILogger logger, string route, string error);

    [LoggerMessage(5005, LogLevel.Warning, "Discord REST {Route}: rate limited for {Seconds} s (global: {Global})")]
    public static partial void RateLimited(ILogger logger, string route, double seconds, bool global);

    [LoggerMessage(5006, LogLevel.Warning, "Discord REST {Route}: HTTP {Status}")]
    public static partial void RestServerError(ILogger logger, string route, int status);

    [LoggerMessage(5007, LogLevel.Information, "Discord REST {Route}: HTTP {Status}, Discord error code {Code}")]
    public static partial void RestClientError(ILogger logger, string route, int status, int code);

    [LoggerMessage(5008, LogLevel.Error, "Discord turn failed")]
    public static partial void TurnFailed(ILogger logger, Exception exception);

    [LoggerMessage(5009, LogLevel.Information, "Discord adapter on: interactions at /discord/interactions")]
    public static partial void Started(ILogger logger);

    [LoggerMessage(5010, LogLevel.Error, "Discord interaction could not be read; answered 400")]
    public static partial void UnreadableInteraction(ILogger logger, Exception exception);
}
