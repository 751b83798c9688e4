using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OptOutBot.Testing;

/// <summary>
/// A logger provider that keeps the host's warnings and errors, with when each was written (a Stopwatch timestamp),
/// so a test reads what an operator would, and can tell when the host noticed something.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public IReadOnlyList<string> Warnings => _entries.Select(e => e.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    /// <summary>One warning or error as written: its event id, its formatted text, and <see cref="Stopwatch.GetTimestamp"/> then.</summary>
    public sealed record Entry(LogLevel Level, int EventId, string Message, long Timestamp);

    private sealed class Logger(ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception), Stopwatch.GetTimestamp()));
            }
        }
    }
}
