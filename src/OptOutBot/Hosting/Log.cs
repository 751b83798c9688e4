namespace OptOutBot.Hosting;

/// <summary>The host's log events. Never message text, never tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Content loaded: {Languages} language(s), {Topics} topics each")]
    public static partial void ContentLoaded(ILogger logger, int languages, int topics);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Adapter {Channel}: on ({Detail})")]
    public static partial void AdapterOn(ILogger logger, string channel, string detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Adapter {Channel}: off — {Detail}")]
    public static partial void AdapterOff(ILogger logger, string channel, string detail);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Watching {Path} for content edits")]
    public static partial void ContentWatching(ILogger logger, string path);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Content reloaded (generation {Generation}): {Languages} language(s), {Topics} topics each")]
    public static partial void ContentReloaded(ILogger logger, int generation, int languages, int topics);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Content edit refused, {Count} error(s); the previous content keeps serving")]
    public static partial void ContentEditRefused(ILogger logger, int count);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Content error: {Error}")]
    public static partial void ContentError(ILogger logger, string error);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Content reload failed, the previous content keeps serving: {Reason}")]
    public static partial void ContentReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Outbox metrics not refreshed: the store did not answer ({Error})")]
    public static partial void OutboxSampleFailed(ILogger logger, string error);
}
