using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Engine.Content;

namespace OptOutBot.Hosting;

/// <summary>
/// Loads and checks the whole content folder — topics, guides, interface strings, lexicons and the calendar — the
/// one way <c>validate</c> and the serving host's reload both use, so they always agree on what is valid.
/// </summary>
internal sealed record ContentCheck(BotContent? Content, IReadOnlyList<ContentError> Problems, IReadOnlyList<string> CalendarErrors)
{
    public bool IsValid => Content is not null && CalendarErrors.Count == 0;

    /// <summary>Every error as "file:line: message" (content first, then the calendar).</summary>
    public IEnumerable<string> Errors =>
        Problems.Where(p => p.Severity == ContentSeverity.Error).Select(p => p.ToString()).Concat(CalendarErrors);

    public static ContentCheck Run(string contentRoot, ContentOptions options, bool keepsUnansweredQuestions, TimeProvider time, Engine.Commands.CommandRegistry? commands = null)
    {
        var (content, problems) = BotContent.TryLoad(contentRoot, options, time, keepsUnansweredQuestions, commands);

        // The calendar's loader words its errors against the file name; prefixed with the folder like the others.
        var folder = options.FolderIn(contentRoot);
        var calendar = DeadlineCalendarLoader.LoadFile(Path.Combine(folder, "deadlines.yaml"), options.LanguagesIn(contentRoot));
        var prefix = options.Path.Replace('\\', '/').TrimEnd('/');
        return new ContentCheck(content, problems, calendar.Errors.Select(e => $"{prefix}/{e}").ToList());
    }
}
