using System.ComponentModel.DataAnnotations;

namespace OptOutBot.Engine.Content;

/// <summary>Where the content lives and which languages it has (section "Content").</summary>
public sealed class ContentOptions
{
    public const string SectionName = "Content";

    /// <summary>The dialogs folder, relative to the host's content root.</summary>
    [Required(ErrorMessage = "Content:Path must name the dialogs folder (e.g. \"dialogs\").")]
    public string Path { get; set; } = "dialogs";

    /// <summary>Languages to load, the first the default; empty (the default) takes the content's own list, <c>languages.yaml</c>.</summary>
    /// <remarks>Empty by default because configuration binding appends to arrays.</remarks>
    public string[] Locales { get; set; } = [];

    /// <summary>The content folder, absolute: <see cref="Path"/> under <paramref name="contentRoot"/> unless rooted.</summary>
    public string FolderIn(string contentRoot) => System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.Combine(contentRoot, Path);

    /// <summary>The languages to load (see <see cref="Locales"/>); errors in <c>languages.yaml</c> are reported by the content load.</summary>
    public IReadOnlyList<string> LanguagesIn(string contentRoot) => ContentLoader.Languages(FolderIn(contentRoot), Locales, []);

    /// <summary>A source older than this is listed by <c>validate --stale</c> as "to re-check" (sources are dated by day).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Content:StaleAfter must be between 1.00:00:00 and 3650.00:00:00 (default 365.00:00:00).")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(365);

    /// <summary><see cref="StaleAfter"/> in whole days, as sources are dated.</summary>
    public int StaleAfterWholeDays => (int)StaleAfter.TotalDays;

    /// <summary>The serving host watches the folder and swaps in a valid edit without a restart; an invalid edit is logged and refused.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the folder must stay quiet after a change before it is reloaded (an editor's save is several file events).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Content:ReloadDelay must be between 00:00:00.050 and 00:01:00 (default 00:00:00.500).")]
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Settings renamed when durations became TimeSpans; a configuration that still uses one is refused at start.</summary>
    internal static readonly Configuration.RenamedSetting[] Renamed =
    [
        new("StaleAfterDays", nameof(StaleAfter), "365.00:00:00"),
        new("ReloadDelayMilliseconds", nameof(ReloadDelay), "00:00:00.500"),
    ];
}
