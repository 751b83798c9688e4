using Microsoft.Extensions.Logging;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>The adapter's log events. Never message text, tokens or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8002, Level = LogLevel.Debug, Message = "Activity rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Debug, Message = "Activity of type {Type} acknowledged and ignored")]
    public static partial void ActivityIgnored(ILogger logger, string type);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "Fetched {Count} signing keys from {MetadataUrl}")]
    public static partial void SigningKeysFetched(ILogger logger, int count, string metadataUrl);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Could not fetch signing keys from {MetadataUrl}; keeping the keys already known")]
    public static partial void SigningKeysFetchFailed(ILogger logger, string metadataUrl, Exception exception);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "The token endpoint answered {Status}")]
    public static partial void TokenRequestFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Debug, Message = "Fetched a Connector token valid {Seconds} s")]
    public static partial void TokenFetched(ILogger logger, int seconds);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Warning, Message = "The Connector answered {Status}")]
    public static partial void ConnectorCallFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 8009, Level = LogLevel.Warning, Message = "Sending to the Connector failed")]
    public static partial void ReplyFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Debug, Message = "Redelivered activity ignored")]
    public static partial void Redelivery(ILogger logger);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Warning, Message = "Proactive send refused: the conversation reference is not sealed by this bot and points off this machine")]
    public static partial void UntrustedReference(ILogger logger);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Critical, Message = "BotFramework:AllowUnauthenticatedLocal is on but the host listens on {Address}, which is not loopback")]
    public static partial void LocalModeNotLoopback(ILogger logger, string address);
}
