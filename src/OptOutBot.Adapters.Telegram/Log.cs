using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.Telegram.Api;

namespace OptOutBot.Adapters.Telegram;

/// <summary>Every log line of the adapter. Never message text, tokens or secrets; chat ids stay out too.</summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Warning, "Telegram flood control on {Method}: waiting {Seconds} s as asked")]
    public static partial void FloodControl(ILogger logger, string method, int seconds);

    [LoggerMessage(4002, LogLevel.Information, "Telegram group became a supergroup: {Method} resent to the new chat id")]
    public static partial void ChatMigrated(ILogger logger, string method);

    [LoggerMessage(4003, LogLevel.Warning, "Telegram {Method} failed with {Code}, retrying (attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string method, int code, int attempt);

    [LoggerMessage(4004, LogLevel.Warning, "Telegram {Method} failed: {Code} ({Kind}) {Description}")]
    public static partial void CallFailed(ILogger logger, string method, int code, ApiErrorKind kind, string description);

    [LoggerMessage(4010, LogLevel.Warning, "Telegram webhook call without the right secret header: refused with 401")]
    public static partial void ForgedWebhook(ILogger logger);

    [LoggerMessage(4011, LogLevel.Warning, "Telegram webhook body is not a valid update (at {JsonPath}, line {Line}): acknowledged and skipped")]
    public static partial void MalformedUpdate(ILogger logger, string? jsonPath, long? line);

    [LoggerMessage(4012, LogLevel.Debug, "Telegram update {UpdateId} was delivered again; its turn is {State}")]
    public static partial void DuplicateUpdate(ILogger logger, long updateId, Engine.Ports.UpdateState state);

    [LoggerMessage(4013, LogLevel.Information, "Telegram reply outbox stopped; {Count} answer(s) left for the next start")]
    public static partial void ReplyOutboxStopped(ILogger logger, int count);

    [LoggerMessage(4014, LogLevel.Information, "The bot was removed or blocked in a Telegram {ChatType} chat")]
    public static partial void RemovedFromChat(ILogger logger, global::Telegram.Bot.Types.Enums.ChatType chatType);

    [LoggerMessage(4015, LogLevel.Error, "A Telegram reply call crashed")]
    public static partial void CallCrashed(ILogger logger, Exception exception);

    [LoggerMessage(4032, LogLevel.Error, "An authentic Telegram update could not be read: acknowledged and skipped")]
    public static partial void UnreadableUpdate(ILogger logger, Exception exception);

    [LoggerMessage(4016, LogLevel.Error, "The Telegram reply outbox could not read or update the update log")]
    public static partial void ReplyOutboxFailed(ILogger logger, Exception exception);

    [LoggerMessage(4017, LogLevel.Warning, "{Count} reply button(s) left out: an action id outside 1-64 bytes or an unsafe url")]
    public static partial void ButtonsLeftOut(ILogger logger, int count);

    [LoggerMessage(4020, LogLevel.Information, "Telegram long polling started")]
    public static partial void PollingStarted(ILogger logger);

    [LoggerMessage(4021, LogLevel.Warning, "Telegram getUpdates failed: {Code} ({Kind}); next poll in {Seconds} s")]
    public static partial void PollFailed(ILogger logger, int code, ApiErrorKind kind, int seconds);

    [LoggerMessage(4022, LogLevel.Error, "Telegram polling loop hit an error; carrying on")]
    public static partial void PollCrashed(ILogger logger, Exception exception);

    [LoggerMessage(4023, LogLevel.Warning, "Telegram deleteWebhook failed ({Code}); getUpdates may be refused while a webhook is set")]
    public static partial void DeleteWebhookFailed(ILogger logger, int code);

    [LoggerMessage(4030, LogLevel.Information, "Telegram webhook mode: {Detail}")]
    public static partial void WebhookServing(ILogger logger, string detail);

    [LoggerMessage(4031, LogLevel.Error, "Telegram setWebhook failed: {Code} {Description}; check Telegram:PublicUrl")]
    public static partial void SetWebhookFailed(ILogger logger, int code, string description);
}
