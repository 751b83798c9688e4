using System.ComponentModel.DataAnnotations;

namespace OptOutBot.Engine.Content;

/// <summary>Where the content lives and which languages it has (section "Content").</summary>
public sealed class ContentOptions
{
    public const string SectionName = "Content";

    /// <summary>The dialogs folder, relative to the host's content root.</summary>
    [Required(ErrorMessage = "Content:Path must name the dialogs folder (e.g. \"dialogs\").")]
    public string Path { get; set; } = "dialogs";

    /// <summary>Languages to load; the first is the default answer language.</summary>
    [MinLength(1, ErrorMessage = "Content:Locales must list at least one language folder (e.g. [\"fr\", \"en\"]).")]
    public string[] Locales { get; set; } = ["fr", "en"];

    /// <summary>A source older than this many days is listed by <c>validate --stale</c> as "to re-check".</summary>
    [Range(1, 3650, ErrorMessage = "Content:StaleAfterDays must be between 1 and 3650.")]
    public int StaleAfterDays { get; set; } = 365;
}
