namespace OptOutBot.Engine.Diagnostics;

/// <summary>
/// One range of log event ids per project, so an id in a log line names its source without the category, and two
/// projects never share one (a test reads every <c>[LoggerMessage]</c> and checks it against this list).
/// </summary>
public static class LogEventRanges
{
    public static readonly IReadOnlyDictionary<string, (int First, int Last)> ByAssembly = new Dictionary<string, (int, int)>
    {
        ["optoutbot"] = (100, 999),
        ["OptOutBot.Engine"] = (1000, 1999),
        ["OptOutBot.Storage"] = (2000, 2999),
        ["OptOutBot.Adapters.Http"] = (3000, 3999),
        ["OptOutBot.Adapters.Telegram"] = (4000, 4999),
        ["OptOutBot.Adapters.Discord"] = (5000, 5999),
        ["OptOutBot.Adapters.Web"] = (6000, 6999),
        ["OptOutBot.Broadcasts"] = (7000, 7999),
        ["OptOutBot.Adapters.BotFramework"] = (8000, 8999),
        ["OptOutBot.Admin"] = (9000, 9999),
    };
}
