using OptOutBot.Engine.Replies;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.Engine.Content;

/// <summary>Reads <c>dialogs/</c> into language packs, collecting every syntax and shape error with its file and line.</summary>
internal static class ContentLoader
{
    public static IReadOnlyList<LanguagePack> Load(string root, IReadOnlyList<string> locales, List<ContentError> errors)
    {
        var display = Path.GetDirectoryName(Path.GetFullPath(root)) ?? string.Empty;
        var packs = new List<LanguagePack>();
        if (!Directory.Exists(root))
        {
            errors.Add(new ContentError(new SourceLocation(root, 0), $"content folder not found (set Content:Path; looked in {Path.GetFullPath(root)})"));
            return packs;
        }

        foreach (var locale in locales)
        {
            var dir = Path.Combine(root, locale);
            if (!Directory.Exists(dir))
            {
                errors.Add(new ContentError(new SourceLocation(Relative(display, dir), 0), $"language folder '{locale}' is missing (Content:Locales lists it)"));
                continue;
            }

            packs.Add(LoadPack(display, dir, locale, errors));
        }

        return packs;
    }

    /// <summary>Topic ids every language must have, from <c>dialogs/topics.yaml</c> (empty when the file is absent).</summary>
    public static IReadOnlyList<(string Id, SourceLocation Location)> LoadRequiredTopics(string root, List<ContentError> errors)
    {
        var path = Path.Combine(root, "topics.yaml");
        if (!File.Exists(path))
        {
            return [];
        }

        var map = Open(Path.GetDirectoryName(Path.GetFullPath(root)) ?? string.Empty, path, errors);
        return map?.Strings("required", required: true) ?? [];
    }

    private static LanguagePack LoadPack(string display, string dir, string locale, List<ContentError> errors)
    {
        var topics = new Dictionary<string, Topic>(StringComparer.Ordinal);
        foreach (var file in Files(Path.Combine(dir, "topics")))
        {
            var map = Open(display, file, errors);
            if (map is null)
            {
                continue;
            }

            var topic = ReadTopic(map);
            if (topic is null)
            {
                continue;
            }

            if (Path.GetFileNameWithoutExtension(file) != topic.Id)
            {
                map.Error(map.LineOf("id"), $"topic id '{topic.Id}' differs from its file name '{Path.GetFileName(file)}'");
            }

            if (!topics.TryAdd(topic.Id, topic))
            {
                map.Error(map.LineOf("id"), $"duplicate topic id '{topic.Id}' (also in {topics[topic.Id].Location})");
            }
        }

        var flows = new Dictionary<string, Flow>(StringComparer.Ordinal);
        foreach (var file in Files(Path.Combine(dir, "flows")))
        {
            var map = Open(display, file, errors);
            var flow = map is null ? null : ReadFlow(map);
            if (flow is not null && !flows.TryAdd(flow.Id, flow))
            {
                map!.Error(map.LineOf("id"), $"duplicate flow id '{flow.Id}' (also in {flows[flow.Id].Location})");
            }
        }

        var uiPath = Path.Combine(dir, "ui.yaml");
        var uiMap = File.Exists(uiPath) ? Open(display, uiPath, errors) : null;
        if (!File.Exists(uiPath))
        {
            errors.Add(new ContentError(new SourceLocation(Relative(display, uiPath), 0), "ui.yaml is missing"));
        }

        var ui = uiMap is null ? new UiText(locale, new Dictionary<string, string>(), [], new Dictionary<string, string>(), new Dictionary<string, string>(), new SourceLocation(Relative(display, uiPath), 0)) : ReadUi(uiMap);

        var lexPath = Path.Combine(dir, "lexicon.yaml");
        var lexMap = File.Exists(lexPath) ? Open(display, lexPath, errors) : null;
        var lexicon = lexMap is null
            ? new Lexicon([], [])
            : new Lexicon(
                lexMap.Strings("stopwords").Select(s => s.Value).ToList(),
                lexMap.Dictionary("synonyms").Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToList())
            {
                Qualifiers = lexMap.Strings("qualifiers").Select(s => s.Value).ToList(),
                Broader = lexMap.Dictionary("broader").Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToList(),
            };

        // The off-topic list is optional: a language without one relies on unknown words alone.
        var offPath = Path.Combine(dir, "offtopic.yaml");
        var offMap = File.Exists(offPath) ? Open(display, offPath, errors) : null;
        if (offMap is not null)
        {
            lexicon = lexicon with { OffTopic = offMap.Strings("words", required: true), OffTopicExamples = offMap.Strings("examples") };
        }

        return new LanguagePack(locale, topics, flows, ui, lexicon);
    }

    private static IEnumerable<string> Files(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.yaml").Concat(Directory.EnumerateFiles(dir, "*.yml")).Order(StringComparer.Ordinal)
            : [];

    private static YamlMap? Open(string display, string path, List<ContentError> errors)
    {
        var relative = Relative(display, path);
        YamlStream? stream;
        int line;
        string? error;
        using (var reader = new StreamReader(path))
        {
            (stream, line, error) = YamlText.Load(reader);
        }

        if (stream is null)
        {
            errors.Add(new ContentError(new SourceLocation(relative, line), "YAML syntax error: " + error));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new ContentError(new SourceLocation(relative, 1), "expected a mapping (key: value) at the top of the file"));
            return null;
        }

        return new YamlMap(root, relative, errors);
    }

    private static string Relative(string display, string path) => Path.GetRelativePath(display, path).Replace('\\', '/');

    private static Topic? ReadTopic(YamlMap map)
    {
        map.RejectUnknownKeys("id", "title", "examples", "keywords", "answer", "followups", "links", "sources", "flow", "facts");
        var id = map.String("id");
        var title = map.String("title");
        var answer = map.String("answer");
        if (id is null || title is null || answer is null)
        {
            return null;
        }

        var examples = map.Strings("examples");
        var sources = map.Maps("sources", required: true);
        var sourceNotes = new List<SourceNote>();
        var sourceLocations = new List<SourceLocation>();
        foreach (var source in sources)
        {
            source.RejectUnknownKeys("title", "url", "date");
            var sTitle = source.String("title");
            var url = source.String("url");
            var date = source.Date("date");
            if (sTitle is not null && url is not null)
            {
                // A bad date is already an error; keep the source so its url is still checked.
                sourceNotes.Add(new SourceNote(sTitle, url, date ?? DateOnly.MinValue));
                sourceLocations.Add(source.LineOf("url"));
            }
        }

        var linkLocations = new List<SourceLocation>();
        var links = ReadLinks(map, linkLocations);
        return new Topic(
            id,
            title,
            examples.Select(e => e.Value).ToList(),
            map.Strings("keywords").Select(k => k.Value).ToList(),
            answer,
            map.Strings("followups").Select(f => f.Value).ToList(),
            links,
            sourceNotes,
            map.String("flow", required: false),
            map.Location)
        {
            ExampleLocations = examples.Select(e => e.Location).ToList(),
            SourceLocations = sourceLocations,
            AnswerLocation = map.TextStartOf("answer"),
            LinkLocations = linkLocations,
            FollowupsLocation = map.LineOf("followups"),
        };
    }

    private static List<LinkButton> ReadLinks(YamlMap map, List<SourceLocation> locations)
    {
        var links = new List<LinkButton>();
        foreach (var link in map.Maps("links"))
        {
            link.RejectUnknownKeys("label", "url");
            var label = link.String("label");
            var url = link.String("url");
            if (label is not null && url is not null)
            {
                links.Add(new LinkButton(label, url));
                locations.Add(link.LineOf("url"));
            }
        }

        return links;
    }

    private static Flow? ReadFlow(YamlMap map)
    {
        map.RejectUnknownKeys("id", "title", "steps");
        var id = map.String("id");
        var title = map.String("title");
        var steps = new List<FlowStep>();
        foreach (var step in map.Maps("steps", required: true))
        {
            step.RejectUnknownKeys("id", "text", "choices", "links");
            var stepId = step.String("id");
            var text = step.String("text");
            var choices = new List<FlowChoice>();
            foreach (var choice in step.Maps("choices"))
            {
                choice.RejectUnknownKeys("label", "goto");
                var label = choice.String("label");
                var target = choice.String("goto");
                if (label is not null && target is not null)
                {
                    choices.Add(new FlowChoice(label, target, choice.Location));
                }
            }

            if (stepId is not null && text is not null)
            {
                var stepLinkLocations = new List<SourceLocation>();
                steps.Add(new FlowStep(stepId, text, choices, ReadLinks(step, stepLinkLocations), step.Location) { TextLocation = step.TextStartOf("text"), LinkLocations = stepLinkLocations });
            }
        }

        if (id is null || title is null)
        {
            return null;
        }

        if (steps.Count == 0)
        {
            map.Error(map.LineOf("steps"), $"flow '{id}' has no steps");
            return null;
        }

        return new Flow(id, title, steps, map.Location);
    }

    private static UiText ReadUi(YamlMap map)
    {
        map.RejectUnknownKeys("language_name", "strings", "menu", "commands", "command_args", "command_names", "web");
        return new UiText(
            map.String("language_name") ?? string.Empty,
            ToDictionary(map.Dictionary("strings", required: true)),
            map.Strings("menu").Select(m => m.Value).ToList(),
            ToDictionary(map.Dictionary("commands")),
            ToDictionary(map.Dictionary("command_args")),
            map.Location)
        {
            CommandNames = ToDictionary(map.Dictionary("command_names")),
            Web = ToDictionary(map.Dictionary("web")),
        };
    }

    private static Dictionary<string, string> ToDictionary(IEnumerable<(string Key, string Value, SourceLocation Location)> entries)
    {
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value, _) in entries)
        {
            dict[key] = value;
        }

        return dict;
    }
}
