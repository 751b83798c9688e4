using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Content;

/// <summary>
/// Cross-file checks of the loaded content: ids, references, flows, links, lengths, sources. Everything is
/// collected; nothing stops at the first problem.
/// </summary>
internal static class ContentValidator
{
    /// <summary>The smallest message limit of the platforms we serve (Discord: 2,000 characters).</summary>
    public const int SmallestMessageLimit = 2000;
    public const int MaxTitleLength = 80;
    public const int MaxCommandDescription = 100;

    /// <summary>The ui strings the engine itself says; each command adds its own (<see cref="Commands.ICommand.Strings"/>).</summary>
    public static readonly string[] EngineUiStrings =
    [
        "fallback", "clarify", "also_asked", "menu.title", "menu.button", "invalid.empty", "invalid.action", "unknown_command",
        "sources.label", "turn_failed", "chat.hint", "privacy.no_text", "privacy.unanswered_kept",
        "deadline.next", "deadline.event", "deadline.next.subscribe", "deadline.none", "deadline.none.subscribe", "deadline.none.no_push",
    ];

    /// <summary>Every ui string each language must have: the engine's and the registered commands'.</summary>
    public static IReadOnlyList<string> RequiredUiStrings(Commands.CommandRegistry commands) =>
        EngineUiStrings.Concat(commands.RequiredStrings).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>What a guide's <c>command:</c> choice may name: a command that needs no free-text argument.</summary>
    private static string[] CommandTargets(Commands.CommandRegistry commands) =>
        commands.Commands.Where(c => c.Argument is not { Autocomplete: true }).Select(c => c.Name).ToArray();

    public static void Validate(
        IReadOnlyList<LanguagePack> packs,
        IReadOnlyList<(string Id, SourceLocation Location)> requiredTopics,
        Commands.CommandRegistry commands,
        DateOnly today,
        int staleAfterDays,
        List<ContentError> errors)
    {
        foreach (var pack in packs)
        {
            ValidatePack(pack, commands, today, staleAfterDays, errors);
        }

        ValidateAcrossLanguages(packs, requiredTopics, errors);
    }

    private static void ValidatePack(LanguagePack pack, Commands.CommandRegistry commands, DateOnly today, int staleAfterDays, List<ContentError> errors)
    {
        void Error(SourceLocation at, string message) => errors.Add(new ContentError(at, message));

        foreach (var topic in pack.Topics.Values)
        {
            CheckId(topic.Id, topic.Location, "topic", errors);
            if (topic.Title.Length > MaxTitleLength)
            {
                Error(topic.Location, $"title is {topic.Title.Length} characters; buttons allow {MaxTitleLength}");
            }

            foreach (var followup in topic.Followups)
            {
                if (!pack.Topics.ContainsKey(followup))
                {
                    Error(topic.FollowupsLocation, $"follow-up '{followup}' is not a topic in '{pack.Locale}'");
                }
            }

            if (topic.Flow is not null && !pack.Flows.ContainsKey(topic.Flow))
            {
                Error(topic.Location, $"flow '{topic.Flow}' does not exist in '{pack.Locale}'");
            }

            if (topic.Sources.Count == 0)
            {
                Error(topic.Location, "answer has no source: add at least one under 'sources' (title, url, date)");
            }

            for (var i = 0; i < topic.Sources.Count; i++)
            {
                var source = topic.Sources[i];
                var at = i < topic.SourceLocations.Count ? topic.SourceLocations[i] : topic.Location;
                CheckUrl(source.Url, at, errors);
                if (source.Date == DateOnly.MinValue)
                {
                    // unparsable date: already reported by the loader
                }
                else if (source.Date > today)
                {
                    Error(at, $"source date {source.Date:yyyy-MM-dd} is in the future");
                }
                else if (today.DayNumber - source.Date.DayNumber > staleAfterDays)
                {
                    errors.Add(new ContentError(at, $"source '{source.Title}' dated {source.Date:yyyy-MM-dd} is older than {staleAfterDays} days: to re-check", ContentSeverity.Warning));
                }
            }

            for (var i = 0; i < topic.Links.Count; i++)
            {
                CheckUrl(topic.Links[i].Url, i < topic.LinkLocations.Count ? topic.LinkLocations[i] : topic.Location, errors);
            }

            CheckMarkup(topic.Answer, topic.AnswerLocation, errors);
        }

        foreach (var flow in pack.Flows.Values)
        {
            ValidateFlow(pack, flow, CommandTargets(commands), errors);
        }

        foreach (var command in commands.Commands)
        {
            if (!pack.Ui.Commands.ContainsKey(command.Name))
            {
                Error(pack.Ui.Location, $"command '{command.Name}' has no description: add it under 'commands'");
            }
        }

        foreach (var key in RequiredUiStrings(commands))
        {
            if (!pack.Ui.Strings.ContainsKey(key))
            {
                Error(pack.Ui.Location, $"ui string '{key}' is missing");
            }
        }

        if (pack.Ui.Strings.TryGetValue(Conversations.TopicAnswers.DateFormatKey, out var dateFormat))
        {
            try
            {
                _ = new DateTime(2026, 12, 31).ToString(dateFormat, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                Error(pack.Ui.Location, $"ui string '{Conversations.TopicAnswers.DateFormatKey}' is not a date format (e.g. \"{Conversations.TopicAnswers.DefaultDateFormat}\")");
            }
        }

        foreach (var id in pack.Ui.Menu)
        {
            if (!pack.Topics.ContainsKey(id))
            {
                Error(pack.Ui.Location, $"menu entry '{id}' is not a topic in '{pack.Locale}'");
            }
        }

        foreach (var (name, localized) in pack.Ui.CommandNames)
        {
            if (localized.Length is 0 or > 32 || !localized.All(c => char.IsLetterOrDigit(c) ? !char.IsUpper(c) : c is '-' or '_'))
            {
                Error(pack.Ui.Location, $"command_names.{name} '{localized}' must be 1 to 32 lower-case letters, digits, '-' or '_' (Discord's rule)");
            }
        }

        foreach (var (name, description) in pack.Ui.Commands)
        {
            if (description.Length > MaxCommandDescription)
            {
                Error(pack.Ui.Location, $"description of command '{name}' is {description.Length} characters; menus allow {MaxCommandDescription}");
            }
        }
    }

    private static void ValidateFlow(LanguagePack pack, Flow flow, string[] commandTargets, List<ContentError> errors)
    {
        CheckId(flow.Id, flow.Location, "flow", errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in flow.Steps)
        {
            CheckId(step.Id, step.Location, "step", errors);
            if (!seen.Add(step.Id))
            {
                errors.Add(new ContentError(step.Location, $"duplicate step id '{step.Id}' in flow '{flow.Id}'"));
            }

            if (System.Text.Encoding.UTF8.GetByteCount(ActionIds.Step(flow.Id, step.Id)) > ActionIds.MaxLength)
            {
                errors.Add(new ContentError(step.Location, $"'{flow.Id}/{step.Id}' is too long for a button id ({ActionIds.MaxLength} bytes): shorten the ids"));
            }

            if (step.Choices.Count == 0)
            {
                errors.Add(new ContentError(step.Location, $"dangling step '{step.Id}': it offers no choice, so the guide stops there (add at least '@menu')"));
            }

            CheckMarkup(step.Text, step.TextLocation, errors);
            for (var i = 0; i < step.Links.Count; i++)
            {
                CheckUrl(step.Links[i].Url, i < step.LinkLocations.Count ? step.LinkLocations[i] : step.Location, errors);
            }
        }

        // Reachability from the first step, following step targets only.
        var reachable = new HashSet<string>(StringComparer.Ordinal) { flow.Start.Id };
        var queue = new Queue<FlowStep>([flow.Start]);
        while (queue.Count > 0)
        {
            var step = queue.Dequeue();
            foreach (var choice in step.Choices)
            {
                var target = choice.Goto;
                if (target.StartsWith("topic:", StringComparison.Ordinal))
                {
                    if (!pack.Topics.ContainsKey(target[6..]))
                    {
                        errors.Add(new ContentError(choice.Location, $"'{target}' is not a topic in '{pack.Locale}'"));
                    }
                }
                else if (target.StartsWith("flow:", StringComparison.Ordinal))
                {
                    if (!pack.Flows.ContainsKey(target[5..]))
                    {
                        errors.Add(new ContentError(choice.Location, $"'{target}' is not a flow in '{pack.Locale}'"));
                    }
                }
                else if (target.StartsWith("command:", StringComparison.Ordinal))
                {
                    if (Array.IndexOf(commandTargets, target[8..]) < 0)
                    {
                        errors.Add(new ContentError(choice.Location, $"'{target}' is not a command (known: {string.Join(", ", commandTargets)})"));
                    }
                }
                else if (target is "@back" or "@menu")
                {
                    if (target == "@back" && step == flow.Start)
                    {
                        errors.Add(new ContentError(choice.Location, "'@back' on the first step leads nowhere"));
                    }
                }
                else if (flow.Find(target) is { } next)
                {
                    if (reachable.Add(next.Id))
                    {
                        queue.Enqueue(next);
                    }
                }
                else
                {
                    errors.Add(new ContentError(choice.Location, $"dangling choice: '{target}' is not a step of flow '{flow.Id}' (nor topic:, flow:, command:, @back, @menu)"));
                }
            }
        }

        foreach (var step in flow.Steps)
        {
            if (!reachable.Contains(step.Id))
            {
                errors.Add(new ContentError(step.Location, $"unreachable step '{step.Id}': no choice leads to it from the start of flow '{flow.Id}'"));
            }
        }
    }

    private static void ValidateAcrossLanguages(IReadOnlyList<LanguagePack> packs, IReadOnlyList<(string Id, SourceLocation Location)> requiredTopics, List<ContentError> errors)
    {
        foreach (var (id, at) in requiredTopics)
        {
            foreach (var pack in packs)
            {
                if (!pack.Topics.ContainsKey(id))
                {
                    errors.Add(new ContentError(at, $"required topic '{id}' is missing in '{pack.Locale}' (add dialogs/{pack.Locale}/topics/{id}.yaml)"));
                }
            }
        }

        var allTopics = packs.SelectMany(p => p.Topics.Keys).ToHashSet(StringComparer.Ordinal);
        var allFlows = packs.SelectMany(p => p.Flows.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            var other = packs.FirstOrDefault(p => p != pack);
            foreach (var id in allTopics.Order(StringComparer.Ordinal))
            {
                if (!pack.Topics.ContainsKey(id))
                {
                    var where = packs.First(p => p.Topics.ContainsKey(id)).Topics[id].Location;
                    errors.Add(new ContentError(where, $"topic '{id}' is missing in '{pack.Locale}' (every language needs the same topics)"));
                }
            }

            foreach (var id in allFlows.Order(StringComparer.Ordinal))
            {
                if (!pack.Flows.TryGetValue(id, out var flow))
                {
                    var where = packs.First(p => p.Flows.ContainsKey(id)).Flows[id].Location;
                    errors.Add(new ContentError(where, $"flow '{id}' is missing in '{pack.Locale}'"));
                }
                else if (other is not null && other.Flows.TryGetValue(id, out var counterpart))
                {
                    foreach (var step in flow.Steps)
                    {
                        if (counterpart.Find(step.Id) is null)
                        {
                            errors.Add(new ContentError(step.Location, $"step '{step.Id}' of flow '{id}' is missing in '{other.Locale}' (step ids must match across languages)"));
                        }
                    }
                }
            }
        }
    }

    private static void CheckId(string id, SourceLocation at, string what, List<ContentError> errors)
    {
        if (id.Length == 0 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add(new ContentError(at, $"{what} id '{id}' must be lower-case kebab-case ASCII (a-z, 0-9, -)"));
        }
    }

    private static void CheckUrl(string url, SourceLocation at, List<ContentError> errors)
    {
        if (!LinkRules.IsSafeHttps(url))
        {
            errors.Add(new ContentError(at, $"link '{url}' must be an absolute https:// url"));
        }
    }

    /// <param name="first">Where the markup's first line is in the file; line i of the markup is reported at first + i.</param>
    private static void CheckMarkup(string markup, SourceLocation first, List<ContentError> errors)
    {
        var lines = markup.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = new SourceLocation(first.File, first.Line + i);
            foreach (var line in Markup.Parse(lines[i]))
            {
                foreach (var span in line.Spans)
                {
                    if (span.Url is not null)
                    {
                        CheckUrl(span.Url, at, errors);
                    }
                }
            }

            if (Markup.ToPlainText(lines[i]).Length > SmallestMessageLimit)
            {
                errors.Add(new ContentError(
                    at,
                    $"a paragraph of {lines[i].Length} characters is longer than the smallest platform limit ({SmallestMessageLimit}) and has no line break to split at"));
            }
        }
    }
}
