using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Replies;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.Engine.Content;

/// <summary>Reads <c>dialogs/</c> into language packs, collecting every syntax and shape error with its file and line.</summary>
internal static partial class ContentLoader
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
                errors.Add(new ContentError(new SourceLocation(Relative(display, dir), 0), $"language folder '{locale}' is missing ({LanguagesFile} or Content:Locales lists it)"));
                continue;
            }

            packs.Add(LoadPack(display, dir, locale, errors));
        }

        return packs;
    }

    /// <summary>The file that lists the content's languages, the default first.</summary>
    public const string LanguagesFile = "languages.yaml";

    /// <summary>
    /// The languages to load: Content:Locales when the operator set it (to serve fewer, or another default), else
    /// <c>languages.yaml</c>'s list, else every folder with a <c>ui.yaml</c> (in name order). Adding a language is content only.
    /// </summary>
    public static IReadOnlyList<string> Languages(string root, IReadOnlyList<string> configured, List<ContentError> errors)
    {
        var display = Path.GetDirectoryName(Path.GetFullPath(root)) ?? string.Empty;
        IReadOnlyList<string> languages;
        if (configured.Count > 0)
        {
            languages = configured.Distinct(StringComparer.Ordinal).ToList();
        }
        else if (File.Exists(Path.Combine(root, LanguagesFile)))
        {
            var map = Open(display, Path.Combine(root, LanguagesFile), errors);
            map?.RejectUnknownKeys("languages");
            var listed = map?.Strings("languages", required: true) ?? [];
            foreach (var (code, location) in listed.Where(l => !LanguageCode().IsMatch(l.Value)))
            {
                errors.Add(new ContentError(location, $"'{code}' is not a language folder name (lower-case letters, digits and '-', e.g. \"fr\" or \"pt-br\")"));
            }

            languages = listed.Select(l => l.Value).Distinct(StringComparer.Ordinal).ToList();
        }
        else
        {
            languages = Directory.Exists(root)
                ? Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "ui.yaml"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
                : [];
        }

        if (languages.Count > Matching.TermAnalyzer.MaxLanguages)
        {
            errors.Add(new ContentError(new SourceLocation(Relative(display, Path.Combine(root, LanguagesFile)), 0), $"{languages.Count} languages: the matcher tells at most {Matching.TermAnalyzer.MaxLanguages} apart"));
            languages = languages.Take(Matching.TermAnalyzer.MaxLanguages).ToList();
        }

        return languages;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2,3}(-[a-z0-9]{2,8})*$")]
    private static partial System.Text.RegularExpressions.Regex LanguageCode();

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
        lexMap?.RejectUnknownKeys("stopwords", "synonyms", "qualifiers", "platforms", "subject", "broader", "owners", "stemmer");
        var lexicon = lexMap is null
            ? new Lexicon([], [])
            : new Lexicon(
                lexMap.Strings("stopwords").Select(s => s.Value).ToList(),
                lexMap.Dictionary("synonyms").Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToList())
            {
                Qualifiers = lexMap.Strings("qualifiers").Select(s => s.Value).ToList(),
                Platforms = lexMap.Strings("platforms").Select(s => s.Value).ToList(),
                Subject = lexMap.Strings("subject").Select(s => s.Value).ToList(),
                Broader = lexMap.Dictionary("broader").Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToList(),
                Owners = lexMap.Dictionary("owners").Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToList(),
                Stemmer = ReadStemmer(lexMap),
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

    /// <summary><c>stemmer: german-light</c>: one of the algorithms the engine has; absent means the light French/English one.</summary>
    private static Stemmer ReadStemmer(YamlMap lexicon)
    {
        var name = lexicon.String("stemmer", required: false);
        if (name is null)
        {
            return Stemmer.Light;
        }

        if (Stemmer.Named(name) is { } stemmer)
        {
            return stemmer;
        }

        lexicon.Error(lexicon.LineOf("stemmer"), $"stemmer: unknown algorithm '{name}' (expected one of: {string.Join(", ", Stemmer.Names)})");
        return Stemmer.Light;
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

    /// <summary>The ui.yaml section of the web page's strings.</summary>
    public const string WebSection = "web";

    /// <summary>The ui.yaml sections of labels only one platform shows; a new platform's labels get a section here, never a C# table of texts.</summary>
    public static readonly string[] PlatformSections = [WebSection, "discord", "telegram", "botframework"];

    private static UiText ReadUi(YamlMap map)
    {
        map.RejectUnknownKeys(["language_name", "strings", "menu", "commands", "command_args", "command_names", "platform_locales", .. PlatformSections]);
        return new UiText(
            map.String("language_name") ?? string.Empty,
            ToDictionary(map.Dictionary("strings", required: true)),
            map.Strings("menu").Select(m => m.Value).ToList(),
            ToDictionary(map.Dictionary("commands")),
            ToDictionary(map.Dictionary("command_args")),
            map.Location)
        {
            CommandNames = ToDictionary(map.Dictionary("command_names")),
            Platforms = PlatformSections.ToDictionary(s => s, s => (IReadOnlyDictionary<string, string>)ToDictionary(map.Dictionary(s)), StringComparer.Ordinal),
            PlatformLocales = ReadPlatformLocales(map),
        };
    }

    /// <summary><c>platform_locales: { discord: [en-US, en-GB] }</c>: each platform named at most once, with its codes.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ReadPlatformLocales(YamlMap map)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in map.Dictionary("platform_locales").GroupBy(e => e.Key, StringComparer.Ordinal))
        {
            if (Array.IndexOf(PlatformSections, group.Key) < 1)
            {
                map.Error(group.First().Location, $"platform_locales: unknown platform '{group.Key}' (expected one of: {string.Join(", ", PlatformSections.Skip(1))})");
                continue;
            }

            result[group.Key] = group.Select(e => e.Value.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        }

        return result;
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
