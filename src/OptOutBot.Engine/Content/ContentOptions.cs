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

    /// <summary>A source older than this many days is listed by <c>validate --stale</c> as "to re-check".</summary>
    [Range(1, 3650, ErrorMessage = "Content:StaleAfterDays must be between 1 and 3650.")]
    public int StaleAfterDays { get; set; } = 365;

    /// <summary>The serving host watches the folder and swaps in a valid edit without a restart; an invalid edit is logged and refused.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the folder must stay quiet after a change before it is reloaded (an editor's save is several file events).</summary>
    [Range(50, 60000, ErrorMessage = "Content:ReloadDelayMilliseconds must be between 50 and 60000.")]
    public int ReloadDelayMilliseconds { get; set; } = 500;
}
