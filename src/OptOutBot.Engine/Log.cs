using Microsoft.Extensions.Logging;

namespace OptOutBot.Engine;

/// <summary>The engine's log events. Never message text, never user ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Turn on {Channel}: {Outcome} {TopicId}")]
    public static partial void Turn(ILogger logger, string channel, Conversations.TurnOutcome outcome, string? topicId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Erased {Count} record(s) about a person on {Channel} (/forget)")]
    public static partial void Forgot(ILogger logger, string channel, int count);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Content warning: {Warning}")]
    public static partial void ContentWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "{Count} content source(s) are due for re-checking: run `optoutbot validate --stale`")]
    public static partial void StaleSources(ILogger logger, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "A turn on {Channel} failed; the person got the apology")]
    public static partial void TurnFailed(ILogger logger, string channel, Exception exception);
}
