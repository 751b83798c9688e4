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

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Outbox metrics not refreshed: the store did not answer ({Error})")]
    public static partial void OutboxSampleFailed(ILogger logger, string error);
}
