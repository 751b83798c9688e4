using Microsoft.Extensions.Logging;

namespace OptOutBot.Admin;

/// <summary>The console's audit trail: one line per operator action, naming the session by a fingerprint, never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Operator console at /admin is on")]
    public static partial void ConsoleOn(ILogger logger);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "admin audit: signed in, session {Session}, from {Address}")]
    public static partial void SignedIn(ILogger logger, string session, string? address);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "admin audit: sign-in refused ({Reason}) from {Address}")]
    public static partial void SignInRefused(ILogger logger, string reason, string? address);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "admin audit: signed out, session {Session}")]
    public static partial void SignedOut(ILogger logger, string session);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Warning, Message = "admin audit: {Method} {Path} refused ({Reason}), session {Session}")]
    public static partial void Refused(ILogger logger, string method, string path, string reason, string session);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "admin audit: {Action}, session {Session}")]
    public static partial void Action(ILogger logger, string action, string session);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Warning, Message = "Usage counters could not be saved; kept in memory for the next try")]
    public static partial void UsageFlushFailed(ILogger logger, Exception exception);
}
