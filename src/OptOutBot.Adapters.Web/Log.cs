using Microsoft.Extensions.Logging;

namespace OptOutBot.Adapters.Web;

/// <summary>Log messages of the web adapter. Never the text people typed, never conversation ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Web chat page at / and endpoint POST /api/chat (max body {MaxBodyBytes} bytes, max question {MaxQuestionLength} chars, {RateLimit} requests/min per IP; 0 = no limit)")]
    public static partial void WebMapped(ILogger logger, int maxBodyBytes, int maxQuestionLength, int rateLimit);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "Web chat request rejected: {Status} {Error}")]
    public static partial void Rejected(ILogger logger, int status, string error);
}
