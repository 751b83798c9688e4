using Microsoft.Extensions.Logging;

namespace OptOutBot.Broadcasts.Calendar;

/// <summary>The current calendar. The scheduler calls <see cref="Refresh"/> on each tick so an edited file re-plans without a restart.</summary>
public interface IDeadlineCalendarSource
{
    DeadlineCalendar Current { get; }

    /// <summary>Reloads when the file changed; an invalid edit keeps the previous calendar and is logged. True when it changed.</summary>
    bool Refresh();
}

/// <summary>A fixed calendar, for tests and previews.</summary>
public sealed class StaticCalendarSource(DeadlineCalendar calendar) : IDeadlineCalendarSource
{
    public DeadlineCalendar Current { get; set; } = calendar;

    public bool Refresh() => false;
}

internal sealed class FileDeadlineCalendarSource : IDeadlineCalendarSource
{
    private readonly string _path;
    private readonly IReadOnlyList<string> _locales;
    private readonly ILogger _logger;
    private DateTime _loadedStamp;

    public FileDeadlineCalendarSource(string path, IReadOnlyList<string> locales, ILogger logger)
    {
        _path = path;
        _locales = locales;
        _logger = logger;
        var result = DeadlineCalendarLoader.LoadFile(path, locales);
        if (!result.IsValid)
        {
            throw new DeadlineCalendarException(result.Errors);
        }

        if (!File.Exists(path))
        {
            Log.CalendarMissing(logger, path);
        }

        Current = result.Calendar;
        _loadedStamp = Stamp();
    }

    public DeadlineCalendar Current { get; private set; }

    public bool Refresh()
    {
        var stamp = Stamp();
        if (stamp == _loadedStamp)
        {
            return false;
        }

        _loadedStamp = stamp;
        var result = DeadlineCalendarLoader.LoadFile(_path, _locales);
        if (!result.IsValid)
        {
            Log.CalendarReloadRejected(_logger, result.Errors.Count, string.Join(" | ", result.Errors));
            return false;
        }

        Current = result.Calendar;
        Log.CalendarReloaded(_logger, result.Calendar.Events.Count);
        return true;
    }

    private DateTime Stamp() => File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : DateTime.MinValue;
}
