using System.CommandLine;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Hosting;

namespace OptOutBot.Cli;

/// <summary><c>optoutbot validate</c>: checks all of <c>dialogs/</c> and lists every error (and warning) as file:line.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var stale = new Option<bool>("--stale") { Description = "Also list the sources due for re-checking (older than Content:StaleAfter)." };
        var command = new Command("validate", "Check the content files; exit code 1 when there are errors.") { stale };
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(stale), Console.Out)));
        return command;
    }

    public static int Run(bool stale, TextWriter output)
    {
        var root = RepositoryRoot.Find();
        var configuration = BotConfiguration.Build(root);
        var options = configuration.GetSection(ContentOptions.SectionName).Get<ContentOptions>() ?? new ContentOptions();
        var keepsQuestions = configuration.GetSection(ConversationOptions.SectionName).Get<ConversationOptions>()?.LogUnansweredQuestions ?? false;
        var check = ContentCheck.Run(root, options, keepsQuestions, TimeProvider.System);
        var problems = check.Problems;
        var errors = problems.Where(p => p.Severity == ContentSeverity.Error).ToList();
        var otherWarnings = problems.Where(p => p.Severity == ContentSeverity.Warning && !p.Message.EndsWith("to re-check", StringComparison.Ordinal)).ToList();
        foreach (var problem in errors.Concat(otherWarnings))
        {
            output.WriteLine(problem);
        }

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var staleList = check.Content is null ? [] : StaleSources.Find(check.Content, options.StaleAfterWholeDays, today);
        if (stale)
        {
            foreach (var source in staleList)
            {
                output.WriteLine($"stale: {source.Url} \"{source.Title}\" dated {source.Date:yyyy-MM-dd} ({today.DayNumber - source.Date.DayNumber} days), cited by {string.Join(", ", source.CitedAt)}");
            }
        }

        foreach (var error in check.CalendarErrors)
        {
            output.WriteLine(error);
        }

        if (check.IsValid && check.Content is { } content)
        {
            var topics = content.Locales.Sum(l => content.Topics(l).Count);
            output.WriteLine($"OK: {content.Locales.Count} language(s) ({string.Join(", ", content.Locales)}), {topics} topic files, {otherWarnings.Count} warning(s), {staleList.Count} source(s) to re-check{(stale || staleList.Count == 0 ? string.Empty : " (list them with --stale)")}.");
            return 0;
        }

        output.WriteLine($"FAILED: {errors.Count + check.CalendarErrors.Count} error(s).");
        return 1;
    }
}
