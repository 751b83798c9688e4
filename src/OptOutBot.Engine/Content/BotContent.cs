using OptOutBot.Engine.Commands;
using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Content;

/// <summary>
/// The loaded, validated content: language packs, the topic matcher and every reply prebuilt once, so that a turn
/// only picks immutable objects. Also the adapters' read-only <see cref="IContentCatalog"/>.
/// </summary>
public sealed class BotContent : IContentCatalog
{
    internal const string WelcomeTopic = "welcome";

    /// <summary>The matcher's name for the off-topic examples; "~" cannot start a topic id, so it never collides.</summary>
    internal const string OffTopicExamples = "~off-topic";
    internal const string ThanksTopic = "thanks";
    internal const string DeadlineTopic = "deadline";

    /// <summary>Written in ui strings, topic answers and guide steps; replaced by the privacy sentence that is true under the operator's setting.</summary>
    internal const string PrivacyPlaceholder = "{privacy}";
    internal const string PrivacyNoTextKey = "privacy.no_text";
    internal const string PrivacyUnansweredKey = "privacy.unanswered_kept";

    /// <summary>ui.yaml <c>web.typography</c>: how the web page spaces punctuation ("french": no-break spaces before ? ! : ;); never inherited.</summary>
    internal const string TypographyKey = "typography";

    private readonly Dictionary<string, LanguagePack> _packs;
    private readonly Dictionary<(string Locale, string Topic), Reply> _topicReplies = [];
    private readonly Dictionary<(string Locale, string Topic), Reply> _topicRepliesNoPush = [];
    private readonly Dictionary<string, Dictionary<string, string>> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Locale, string Topic), string> _topicGuideStarts = [];
    private readonly Dictionary<(string Locale, string Flow, string Step), ReplyMessage> _steps = [];
    private readonly Dictionary<(string Locale, string Flow, string Step), ReplyMessage> _stepsNoPush = [];
    private readonly Dictionary<(string Locale, string Flow, string Step), int[]> _backChoices = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Locale, string Flow, string Step, string? Origin, bool CanPush), Reply> _stepReplies = new();
    private readonly Dictionary<string, Reply> _menus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reply> _fallbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TopicSummary>> _summaries = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Platform, string Locale), IReadOnlyDictionary<string, string>> _platformStrings = new();
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _localeTagLookup;

    private BotContent(IReadOnlyList<LanguagePack> packs, TopicMatcher matcher, bool keepsUnansweredQuestions, CommandRegistry commands)
    {
        _packs = packs.ToDictionary(p => p.Locale, StringComparer.Ordinal);
        Locales = packs.Select(p => p.Locale).ToArray();
        _localeTagLookup = LocaleTags(packs).GetAlternateLookup<ReadOnlySpan<char>>();
        Matcher = matcher;
        KeepsUnansweredQuestions = keepsUnansweredQuestions;
        CommandRegistry = commands;
        Commands = CommandCatalog.Build(packs, commands);
        foreach (var pack in packs)
        {
            _strings[pack.Locale] = ResolveStrings(pack, keepsUnansweredQuestions);
        }

        foreach (var pack in packs)
        {
            Prebuild(pack);
        }
    }

    /// <summary>The operator's <c>Conversation:LogUnansweredQuestions</c>, which decides the privacy sentence.</summary>
    public bool KeepsUnansweredQuestions { get; }

    public IReadOnlyList<string> Locales { get; }

    public string DefaultLocale => Locales[0];

    /// <summary>Warnings found while loading (stale sources, examples that lead elsewhere); errors throw instead.</summary>
    public IReadOnlyList<ContentError> Warnings { get; private set; } = [];

    public IReadOnlyList<CommandInfo> Commands { get; }

    /// <summary>The commands this content was checked against and the engine runs.</summary>
    public CommandRegistry CommandRegistry { get; }

    internal TopicMatcher Matcher { get; }

    /// <summary>How the matcher scored the best topics for a question (<c>ask --explain</c>).</summary>
    public MatchReport Explain(string question, string? lastTopic = null, int top = 5) =>
        Matcher.Explain(question, lastTopic is null ? -1 : Matcher.TopicIndex(lastTopic), top);

    /// <summary>Greetings and thanks: answered on their own words alone.</summary>
    internal bool IsSocialTopic(int index) => index >= 0 && Matcher.TopicId(index) is WelcomeTopic or ThanksTopic;

    /// <summary>
    /// The file a topic of this language is written in, as content errors name it (relative to the content folder's
    /// parent, e.g. "dialogs/en/topics/whatsapp.yaml"); null when the language has no such topic.
    /// </summary>
    public string? TopicFile(string locale, string topicId) =>
        _packs.TryGetValue(locale, out var pack) && pack.Topics.TryGetValue(topicId, out var topic) ? topic.Location.File : null;

    /// <summary>The question's terms as the matcher sees them, "?" for unknown words.</summary>
    public IReadOnlyList<string> QuestionTerms(string question) => Matcher.Terms(question);

    /// <summary>Loads and validates <paramref name="options"/>' folder; throws <see cref="ContentValidationException"/> listing every error.</summary>
    /// <param name="keepsUnansweredQuestions">The operator's <c>Conversation:LogUnansweredQuestions</c>: which privacy sentence is true.</param>
    /// <param name="commands">The commands to check the content against and run; default: the bot's own (<see cref="CommandRegistry.Default"/>).</param>
    public static BotContent Load(string contentRoot, ContentOptions options, TimeProvider time, bool keepsUnansweredQuestions = false, CommandRegistry? commands = null)
    {
        var (content, problems) = TryLoad(contentRoot, options, time, keepsUnansweredQuestions, commands);
        return content ?? throw new ContentValidationException(problems);
    }

    /// <summary>Loads the content; returns null with the errors (and warnings) when it is invalid. <c>validate</c> and the serving host's reload both call this.</summary>
    public static (BotContent? Content, IReadOnlyList<ContentError> Problems) TryLoad(string contentRoot, ContentOptions options, TimeProvider time, bool keepsUnansweredQuestions = false, CommandRegistry? commands = null)
    {
        commands ??= CommandRegistry.Default;
        var root = options.FolderIn(contentRoot);
        var errors = new List<ContentError>();
        var packs = ContentLoader.Load(root, ContentLoader.Languages(root, options.Locales, errors), errors);
        var required = ContentLoader.LoadRequiredTopics(root, errors);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        ContentValidator.Validate(packs, required, commands, today, options.StaleAfterWholeDays, errors);
        if (packs.Count == 0)
        {
            return (null, errors);
        }

        // The matcher only needs topics and lexicons, so collisions are listed with every other error.
        var matcher = BuildMatcher(packs);
        errors.AddRange(OffTopicConflicts(packs, matcher));
        errors.AddRange(ExampleCollisions(packs, matcher));
        if (errors.Any(e => e.Severity == ContentSeverity.Error))
        {
            return (null, errors);
        }

        var content = new BotContent(packs, matcher, keepsUnansweredQuestions, commands);

        content.Warnings = errors;
        return (content, errors);
    }

    public string? ResolveLocale(string? platformLocale)
    {
        if (string.IsNullOrWhiteSpace(platformLocale))
        {
            return null;
        }

        // A tag the content names ("en-GB" under platform_locales) first, then its language part ("fr-CH" → "fr").
        var span = platformLocale.AsSpan().Trim();
        if (_localeTagLookup.TryGetValue(span, out var named))
        {
            return named;
        }

        var cut = span.IndexOfAny('-', '_');
        return cut > 0 && _localeTagLookup.TryGetValue(span[..cut], out var language) ? language : null;
    }

    public IReadOnlyList<string> PlatformLocales(string platform, string locale) =>
        _packs.TryGetValue(locale, out var pack) ? pack.Ui.PlatformLocales.GetValueOrDefault(platform) ?? [pack.Locale] : [];

    public IReadOnlyDictionary<string, string> PlatformStrings(string platform, string locale)
    {
        var key = (platform, Pack(locale).Locale);
        if (_platformStrings.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var strings = new Dictionary<string, string>(_packs[DefaultLocale].Ui.Platforms.GetValueOrDefault(platform) ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in Pack(locale).Ui.Platforms.GetValueOrDefault(platform) ?? new Dictionary<string, string>())
        {
            strings[name] = value;
        }

        return _platformStrings.GetOrAdd(key, strings);
    }

    public IReadOnlyList<TopicSummary> Topics(string locale)
    {
        var pack = Pack(locale);
        if (!_summaries.TryGetValue(pack.Locale, out var list))
        {
            list = pack.Topics.Values.OrderBy(t => t.Title, StringComparer.Ordinal).Select(t => new TopicSummary(t.Id, t.Title)).ToList();
            lock (_summaries)
            {
                _summaries[pack.Locale] = list;
            }
        }

        return list;
    }

    public string Text(string locale, string key)
    {
        if (_strings[Pack(locale).Locale].TryGetValue(key, out var text) || _strings[DefaultLocale].TryGetValue(key, out text))
        {
            return text;
        }

        return key;
    }

    public IReadOnlyDictionary<string, string> PageStrings(string locale)
    {
        // The language's name and its typography are its own: another language's spacing rules would be wrong here.
        var pack = Pack(locale);
        var strings = new Dictionary<string, string>(PlatformStrings(ContentLoader.WebSection, locale), StringComparer.Ordinal)
        {
            ["language_name"] = pack.Ui.LanguageName,
            [TypographyKey] = pack.Ui.Web.GetValueOrDefault(TypographyKey, "plain"),
        };
        return strings;
    }

    internal LanguagePack Pack(string locale) => _packs.TryGetValue(locale, out var pack) ? pack : _packs[DefaultLocale];

    internal bool HasLocale(string locale) => _packs.ContainsKey(locale);

    /// <summary>A topic's prebuilt answer; where the channel cannot push, without the invitation to subscribe.</summary>
    internal Reply? TopicReply(string locale, string topicId, bool canPush = true) =>
        (canPush ? _topicReplies : _topicRepliesNoPush).GetValueOrDefault((Pack(locale).Locale, topicId));

    /// <summary>The guide step ("flow/step") a topic's answer starts, or null when the topic has no guide.</summary>
    internal string? TopicGuideStart(string locale, string topicId) => _topicGuideStarts.GetValueOrDefault((Pack(locale).Locale, topicId));

    internal ReplyMessage? StepMessage(string locale, string flowId, string stepId, bool canPush = true) =>
        (canPush ? _steps : _stepsNoPush).GetValueOrDefault((Pack(locale).Locale, flowId, stepId));

    /// <summary>A guide step as a whole reply (built once per step, origin and push capability, then shared), or null when unknown.</summary>
    internal Reply? StepReply(string locale, string flowId, string stepId, string? originStepId, bool canPush = true)
    {
        var pack = Pack(locale).Locale;

        // Only a real step with a "Back" choice, coming from a real step, makes a key: button ids come from users.
        var origin = originStepId is not null && _backChoices.ContainsKey((pack, flowId, stepId)) && _steps.ContainsKey((pack, flowId, originStepId)) ? originStepId : null;
        var key = (pack, flowId, stepId, origin, canPush);
        if (_stepReplies.TryGetValue(key, out var reply))
        {
            return reply;
        }

        var message = StepMessage(locale, flowId, stepId, origin, canPush);
        return message is null ? null : _stepReplies.GetOrAdd(key, new Reply([message]) { ContinuesPrevious = true, Locale = pack });
    }

    /// <summary>
    /// The step, with its "Back" choices leading to <paramref name="originStepId"/> — the step the person came
    /// from — instead of the step that first leads to it in the file.
    /// </summary>
    internal ReplyMessage? StepMessage(string locale, string flowId, string stepId, string? originStepId, bool canPush = true)
    {
        var message = StepMessage(locale, flowId, stepId, canPush);
        if (message is null || originStepId is null || !_backChoices.TryGetValue((Pack(locale).Locale, flowId, stepId), out var backs) || StepMessage(locale, flowId, originStepId) is null)
        {
            return message;
        }

        // "Back" is found by its target in the full step (the indexes are the file's), then relabelled in this variant.
        var full = StepMessage(locale, flowId, stepId)!;
        var backTargets = backs.Select(i => full.Choices[i]).ToHashSet();
        var choices = message.Choices.Select(c => backTargets.Contains(c) ? c with { ActionId = ActionIds.Step(flowId, originStepId) } : c).ToArray();

        return message with { Choices = choices };
    }

    internal Reply Menu(string locale) => _menus[Pack(locale).Locale];

    internal Reply Fallback(string locale) => _fallbacks[Pack(locale).Locale];

    internal string TopicTitle(string locale, string topicId) => Pack(locale).Topics.TryGetValue(topicId, out var topic) ? topic.Title : topicId;

    private void Prebuild(LanguagePack pack)
    {
        var subscribeWords = SubscribeWords(pack);
        var menuChoices = pack.Ui.Menu.Where(pack.Topics.ContainsKey).Select(id => new Choice(pack.Topics[id].Title, ActionIds.Topic(id))).ToList();
        _menus[pack.Locale] = Reply.Single(new ReplyMessage(Text(pack.Locale, "menu.title")) { Choices = menuChoices }, pack.Locale);
        _fallbacks[pack.Locale] = Reply.Single(new ReplyMessage(Text(pack.Locale, "fallback")) { Choices = menuChoices }, pack.Locale);

        foreach (var flow in pack.Flows.Values)
        {
            var parents = Parents(flow);
            foreach (var step in flow.Steps)
            {
                var choices = step.Choices.Select(c => new Choice(c.Label, Target(flow, step, c.Goto, parents))).ToList();
                var stepMessage = new ReplyMessage(ResolvePrivacy(pack, step.Text)) { Choices = choices, Links = step.Links };
                _steps[(pack.Locale, flow.Id, step.Id)] = stepMessage;
                _stepsNoPush[(pack.Locale, flow.Id, step.Id)] = WithoutSubscribe(stepMessage, subscribeWords);
                var backs = step.Choices.Select((c, i) => (c, i)).Where(x => x.c.Goto == "@back").Select(x => x.i).ToArray();
                if (backs.Length > 0)
                {
                    _backChoices[(pack.Locale, flow.Id, step.Id)] = backs;
                }
            }
        }

        var menuButton = new Choice(Text(pack.Locale, "menu.button"), ActionIds.Menu);
        foreach (var topic in pack.Topics.Values)
        {
            var choices = topic.Followups.Where(pack.Topics.ContainsKey).Select(id => new Choice(pack.Topics[id].Title, ActionIds.Topic(id))).ToList();
            if (choices.Count == 0 && topic.Flow is null)
            {
                choices.Add(menuButton);
            }

            var answer = new ReplyMessage(ResolvePrivacy(pack, topic.Answer)) { Choices = choices, Links = topic.Links, Sources = topic.Sources };
            var answerNoPush = WithoutSubscribe(answer, subscribeWords);
            if (topic.Flow is { } flowId && pack.Flows.TryGetValue(flowId, out var flow))
            {
                _topicReplies[(pack.Locale, topic.Id)] = new Reply([answer, _steps[(pack.Locale, flow.Id, flow.Start.Id)]]) { Locale = pack.Locale };
                _topicRepliesNoPush[(pack.Locale, topic.Id)] = new Reply([answerNoPush, _stepsNoPush[(pack.Locale, flow.Id, flow.Start.Id)]]) { Locale = pack.Locale };
                _topicGuideStarts[(pack.Locale, topic.Id)] = flow.Id + "/" + flow.Start.Id;
            }
            else
            {
                _topicReplies[(pack.Locale, topic.Id)] = Reply.Single(answer, pack.Locale);
                _topicRepliesNoPush[(pack.Locale, topic.Id)] = ReferenceEquals(answer, answerNoPush) ? _topicReplies[(pack.Locale, topic.Id)] : Reply.Single(answerNoPush, pack.Locale);
            }
        }
    }

    /// <summary>Every tag that names a content language, case-insensitive: its folder name, then the tags its ui.yaml lists per platform.</summary>
    private static Dictionary<string, string> LocaleTags(IReadOnlyList<LanguagePack> packs)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pack in packs)
        {
            tags.TryAdd(pack.Locale, pack.Locale);
        }

        foreach (var pack in packs)
        {
            foreach (var tag in pack.Ui.PlatformLocales.Values.SelectMany(t => t))
            {
                tags.TryAdd(tag, pack.Locale);
            }
        }

        return tags;
    }

    private static Dictionary<string, string> ResolveStrings(LanguagePack pack, bool keepsUnansweredQuestions)
    {
        var privacy = pack.Ui.Strings.GetValueOrDefault(keepsUnansweredQuestions ? PrivacyUnansweredKey : PrivacyNoTextKey, string.Empty).Trim();
        return pack.Ui.Strings.ToDictionary(kv => kv.Key, kv => kv.Value.Replace(PrivacyPlaceholder, privacy, StringComparison.Ordinal), StringComparer.Ordinal);
    }

    private string ResolvePrivacy(LanguagePack pack, string text) =>
        text.Contains(PrivacyPlaceholder, StringComparison.Ordinal)
            ? text.Replace(PrivacyPlaceholder, Text(pack.Locale, KeepsUnansweredQuestions ? PrivacyUnansweredKey : PrivacyNoTextKey).Trim(), StringComparison.Ordinal)
            : text;

    /// <summary>How a text invites to subscribe: the command, with its slash, under its own and its localised name.</summary>
    private static string[] SubscribeWords(LanguagePack pack) =>
        pack.Ui.CommandNames.TryGetValue("subscribe", out var localized) && localized != "subscribe"
            ? ["/subscribe", "/" + localized]
            : ["/subscribe"];

    /// <summary>
    /// The message as shown where the bot cannot send anything on its own (the web page): without the subscribe
    /// choice, and without the paragraphs that invite to subscribe — those naming the command (/subscribe) or the
    /// label of the dropped choice. The same instance when there is nothing to drop.
    /// </summary>
    internal static ReplyMessage WithoutSubscribe(ReplyMessage message, IReadOnlyList<string> subscribeWords)
    {
        var dropped = message.Choices.Where(c => IsSubscribe(c.ActionId)).ToList();
        var labels = dropped.Select(c => TextNormalizer.Fold(c.Label)).Where(l => l.Length > 0).ToList();
        var paragraphs = message.Text.Split("\n\n");
        var kept = paragraphs.Where(p => !subscribeWords.Any(w => p.Contains(w, StringComparison.OrdinalIgnoreCase))
            && !labels.Any(l => TextNormalizer.Fold(p).Contains(l, StringComparison.Ordinal))).ToList();
        if (dropped.Count == 0 && kept.Count == paragraphs.Length)
        {
            return message;
        }

        var text = kept.Count == 0 ? message.Text : string.Join("\n\n", kept).TrimEnd() + "\n";
        return message with { Text = text, Choices = message.Choices.Where(c => !IsSubscribe(c.ActionId)).ToList() };
    }

    private static bool IsSubscribe(string actionId) =>
        actionId == ActionIds.Command("subscribe") || actionId.StartsWith(ActionIds.Command("subscribe") + ":", StringComparison.Ordinal);

    /// <summary>For "@back": the step that first leads to each step.</summary>
    private static Dictionary<string, string> Parents(Flow flow)
    {
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in flow.Steps)
        {
            foreach (var choice in step.Choices)
            {
                if (flow.Find(choice.Goto) is { } next && next.Id != flow.Start.Id)
                {
                    parents.TryAdd(next.Id, step.Id);
                }
            }
        }

        return parents;
    }

    private string Target(Flow flow, FlowStep step, string target, Dictionary<string, string> parents) => target switch
    {
        "@menu" => ActionIds.Menu,
        "@back" => ActionIds.Step(flow.Id, parents.GetValueOrDefault(step.Id, flow.Start.Id)),
        _ when target.StartsWith("topic:", StringComparison.Ordinal) => ActionIds.Topic(target[6..]),
        _ when target.StartsWith("command:", StringComparison.Ordinal) => ActionIds.Command(target[8..]),
        _ when target.StartsWith("flow:", StringComparison.Ordinal) => ActionIds.Step(target[5..], FlowStart(target[5..])),
        _ => WithOrigin(ActionIds.Step(flow.Id, target), flow.Find(target), step),
    };

    /// <summary>"s:flow/next&lt;here": the next step can then send "Back" here. Plain when it would not fit a button id.</summary>
    private static string WithOrigin(string action, FlowStep? next, FlowStep here) =>
        next is not null && next.Choices.Any(c => c.Goto == "@back") && action.Length + 1 + here.Id.Length <= ActionIds.MaxLength
            ? action + ActionIds.OriginSeparator + here.Id
            : action;

    private string FlowStart(string flowId) => _packs.Values.Select(p => p.Flows.GetValueOrDefault(flowId)).FirstOrDefault(f => f is not null)?.Start.Id ?? "start";

    private static TopicMatcher BuildMatcher(IReadOnlyList<LanguagePack> packs)
    {
        var analyzer = new TermAnalyzer();
        for (var i = 0; i < packs.Count; i++)
        {
            analyzer.AddStopWords(packs[i].Lexicon.StopWords, i);
            analyzer.SetStemmer(i, packs[i].Lexicon.Stemmer);
            foreach (var (canonical, variant) in packs[i].Lexicon.Synonyms)
            {
                analyzer.AddSynonym(canonical, variant, i);
            }

            foreach (var (narrow, wide) in packs[i].Lexicon.Broader)
            {
                analyzer.AddBroader(narrow, wide);
            }
        }

        // Each text keeps its language's index: its stop words and stemmer apply to it.
        List<MatchText> Texts(string id, Func<Topic, IEnumerable<string>> select) =>
            packs.SelectMany((p, i) => p.Topics.TryGetValue(id, out var t) ? select(t).Select(text => new MatchText(text, i)) : []).ToList();

        var ids = packs.SelectMany(p => p.Topics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var documents = ids.Select(id => new TopicDocument(
            id,
            Texts(id, t => t.Examples),
            Texts(id, t => t.Keywords),
            Texts(id, t => [t.Title]),
            Social: id is WelcomeTopic or ThanksTopic)).ToList();
        var offTopicExamples = packs.SelectMany((p, i) => p.Lexicon.OffTopicExamples.Select(o => new MatchText(o.Value, i))).ToList();
        if (offTopicExamples.Count > 0)
        {
            documents.Add(new TopicDocument(OffTopicExamples, offTopicExamples, [], [], OffTopic: true));
        }

        var offTopic = packs.SelectMany((p, i) => p.Lexicon.OffTopic.Select(o => new MatchText(o.Value, i))).ToList();
        return new TopicMatcher(analyzer, documents, offTopic, qualifiers: packs.SelectMany(p => p.Lexicon.Qualifiers).Distinct().ToList(),
            platforms: packs.SelectMany(p => p.Lexicon.Platforms).Distinct().ToList(),
            subject: packs.SelectMany(p => p.Lexicon.Subject).Distinct().ToList(),
            owners: packs.SelectMany(p => p.Lexicon.Owners).Distinct().ToList());
    }

    /// <summary>An off-topic word that a topic uses would make that topic's own questions fall back: an error at the entry.</summary>
    private static IEnumerable<ContentError> OffTopicConflicts(IReadOnlyList<LanguagePack> packs, TopicMatcher matcher)
    {
        var at = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            foreach (var (value, location) in pack.Lexicon.OffTopic)
            {
                var folded = TextNormalizer.Fold(value);
                at.TryAdd(folded, location);
                at.TryAdd(pack.Lexicon.Stemmer.Stem(folded).ToString(), location); // a one-word entry's term is its stem
            }
        }

        foreach (var pack in packs)
        {
            foreach (var (example, location) in pack.Lexicon.OffTopicExamples)
            {
                if (matcher.OneTopicWordOnly(example))
                {
                    yield return new ContentError(location, $"off-topic example \"{example}\" comes down to one word many topics use [{matcher.TermKey(example)}]: short questions with it would fall back; say what it is about (\"a live video\", not \"go live\")");
                }
            }
        }

        foreach (var group in matcher.OffTopicConflicts().GroupBy(c => c.Term, StringComparer.Ordinal))
        {
            var location = at.GetValueOrDefault(group.Key);
            yield return new ContentError(location, $"off-topic entry \"{group.Key}\" is a word of topic(s) {string.Join(", ", group.Select(c => "'" + c.TopicId + "'").Distinct())}: their questions would fall back; remove it from the off-topic list");
        }
    }

    /// <summary>
    /// Two topics with examples the matcher cannot tell apart (the same words once folded, stemmed and stop words
    /// dropped) are an error; an example that another topic wins is a warning.
    /// </summary>
    private static IEnumerable<ContentError> ExampleCollisions(IReadOnlyList<LanguagePack> packs, TopicMatcher matcher)
    {
        var owners = new Dictionary<string, (string Topic, SourceLocation At)>(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            foreach (var topic in pack.Topics.Values.OrderBy(t => t.Id, StringComparer.Ordinal))
            {
                for (var i = 0; i < topic.Examples.Count; i++)
                {
                    var example = topic.Examples[i];
                    var at = i < topic.ExampleLocations.Count ? topic.ExampleLocations[i] : topic.Location;
                    var key = matcher.TermKey(example);
                    if (key.Length > 0 && owners.TryGetValue(key, out var owner) && owner.Topic != topic.Id)
                    {
                        yield return new ContentError(at, $"example \"{example}\" of '{topic.Id}' collides with an example of '{owner.Topic}' ({owner.At}): both reduce to the words [{key}]");
                        continue;
                    }

                    owners.TryAdd(key, (topic.Id, at));
                    var match = matcher.Match(example);
                    if (match.First >= 0 && matcher.TopicId(match.First) != topic.Id)
                    {
                        yield return new ContentError(at, $"example \"{example}\" of '{topic.Id}' is answered by '{matcher.TopicId(match.First)}' instead", ContentSeverity.Warning);
                    }
                }
            }
        }
    }
}
