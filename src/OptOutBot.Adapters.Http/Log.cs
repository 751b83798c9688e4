using System.Net;
using Microsoft.Extensions.Logging;

namespace OptOutBot.Adapters.Http;

/// <summary>Log events of the shared HTTP set-up (range 3000–3099). Never urls (tokens travel in some paths) or bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Warning, "{Client} HTTP attempt {Attempt} failed ({Reason}); retrying in {DelayMilliseconds} ms")]
    public static partial void Retrying(ILogger logger, string client, int attempt, string reason, double delayMilliseconds);

    [LoggerMessage(3002, LogLevel.Information, "{Client} HTTP {Status}: the platform asked to wait {Seconds} s, longer than allowed; handed back to the caller")]
    public static partial void WaitTooLong(ILogger logger, string client, HttpStatusCode status, double seconds);
}
