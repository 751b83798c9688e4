using System.Collections.Concurrent;

namespace OptOutBot.Observability;

/// <summary>
/// Remembers, per adapter, the last error it logged — the event's name and time only, never its message (which could
/// hold a status text from a platform) — for <c>/readyz</c>. Fed by a logger provider, so adapters need no extra code.
/// </summary>
internal sealed class AdapterErrors(TimeProvider time) : ILoggerProvider
{
    private static readonly (string Prefix, string Channel)[] Adapters =
    [
        ("OptOutBot.Adapters.Telegram", "telegram"),
        ("OptOutBot.Adapters.Discord", "discord"),
        ("OptOutBot.Adapters.BotFramework", "botframework"),
        ("OptOutBot.Adapters.Web", "web"),
    ];

    private readonly ConcurrentDictionary<string, AdapterError> _last = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time;

    public AdapterError? Last(string channel) => _last.TryGetValue(channel, out var error) ? error : null;

    public ILogger CreateLogger(string categoryName)
    {
        foreach (var (prefix, channel) in Adapters)
        {
            if (categoryName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new Recorder(this, channel);
            }
        }

        return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    public void Dispose()
    {
    }

    private sealed class Recorder(AdapterErrors owner, string channel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                owner._last[channel] = new AdapterError(eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), owner._time.GetUtcNow());
            }
        }
    }
}

internal sealed record AdapterError(string Event, DateTimeOffset At);
