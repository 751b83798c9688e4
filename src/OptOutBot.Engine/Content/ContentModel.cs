using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Content;

/// <summary>A place in a content file, for error messages ("dialogs/fr/topics/x.yaml:12").</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>One FAQ topic in one language.</summary>
internal sealed record Topic(
    string Id,
    string Title,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> Keywords,
    string Answer,
    IReadOnlyList<string> Followups,
    IReadOnlyList<LinkButton> Links,
    IReadOnlyList<SourceNote> Sources,
    string? Flow,
    SourceLocation Location)
{
    public IReadOnlyList<SourceLocation> ExampleLocations { get; init; } = [];

    public IReadOnlyList<SourceLocation> SourceLocations { get; init; } = [];

    public SourceLocation AnswerLocation { get; init; }

    public SourceLocation FollowupsLocation { get; init; }

    public IReadOnlyList<SourceLocation> LinkLocations { get; init; } = [];
}

/// <summary>A multi-step guide in one language; the first step is the start.</summary>
internal sealed record Flow(string Id, string Title, IReadOnlyList<FlowStep> Steps, SourceLocation Location)
{
    public FlowStep Start => Steps[0];

    public FlowStep? Find(string stepId)
    {
        foreach (var step in Steps)
        {
            if (step.Id == stepId)
            {
                return step;
            }
        }

        return null;
    }
}

internal sealed record FlowStep(string Id, string Text, IReadOnlyList<FlowChoice> Choices, IReadOnlyList<LinkButton> Links, SourceLocation Location)
{
    /// <summary>The line of the text's first line (for per-line errors).</summary>
    public SourceLocation TextLocation { get; init; } = Location;

    public IReadOnlyList<SourceLocation> LinkLocations { get; init; } = [];
}

/// <summary>A choice of a step; <see cref="Goto"/> is a step id, "topic:id", "flow:id", "command:name", "@back" or "@menu".</summary>
internal sealed record FlowChoice(string Label, string Goto, SourceLocation Location);

/// <summary>The interface strings of one language.</summary>
internal sealed record UiText(
    string LanguageName,
    IReadOnlyDictionary<string, string> Strings,
    IReadOnlyList<string> Menu,
    IReadOnlyDictionary<string, string> Commands,
    IReadOnlyDictionary<string, string> CommandArgs,
    SourceLocation Location)
{
    /// <summary>Command names shown in this language's menus where the platform allows it (Discord).</summary>
    public IReadOnlyDictionary<string, string> CommandNames { get; init; } = new Dictionary<string, string>();

    /// <summary>The strings of the bot's own web page (labels, status lines), keyed as in ui.yaml's <c>web</c> section.</summary>
    public IReadOnlyDictionary<string, string> Web => Platforms.GetValueOrDefault(ContentLoader.WebSection) ?? new Dictionary<string, string>();

    /// <summary>Labels only one platform shows (its own buttons, the web page), per ui.yaml section: <c>web</c>, <c>discord</c>, …</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Platforms { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>How each platform names this language where that is not the folder name (ui.yaml <c>platform_locales</c>, e.g. discord → en-US, en-GB).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PlatformLocales { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>Stop words and synonyms of one language, as written (normalised later by the matcher).</summary>
internal sealed record Lexicon(IReadOnlyList<string> StopWords, IReadOnlyList<KeyValuePair<string, string>> Synonyms)
{
    /// <summary>Words and phrases of questions the bot does not answer (<c>offtopic.yaml</c>); no topic may use them.</summary>
    public IReadOnlyList<(string Value, SourceLocation Location)> OffTopic { get; init; } = [];

    /// <summary>
    /// Questions the bot does not answer although they share words with the topics ("how do I change my profile
    /// picture"): the matcher scores them as one more topic, and a question closest to them falls back.
    /// </summary>
    public IReadOnlyList<(string Value, SourceLocation Location)> OffTopicExamples { get; init; } = [];

    /// <summary>Canonical words that narrow a question without saying what it asks (countries).</summary>
    public IReadOnlyList<string> Qualifiers { get; init; } = [];

    /// <summary>
    /// Canonical words that name a service or a company ("facebook", "whatsapp"): they say where a question is asked
    /// about, not what it asks, so a question of platform names alone is answered by no topic.
    /// </summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>
    /// Canonical words of what the bot is about (AI, training, objecting): an off-topic example that does not say
    /// them is not a question that does.
    /// </summary>
    public IReadOnlyList<string> Subject { get; init; } = [];

    /// <summary>Canonical word -> a wider one it also counts as (a country is also Europe).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Broader { get; init; } = [];

    /// <summary>
    /// Platform -> the company that owns it (instagram -> meta): a question about the company is also about each of its
    /// platforms, so an example about Facebook is no other platform's example for "does this concern my meta account?".
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Owners { get; init; } = [];

    /// <summary>The language's stemming algorithm (<c>stemmer:</c>; French and English share the default light one).</summary>
    public Matching.Stemmer Stemmer { get; init; } = Matching.Stemmer.Light;
}

/// <summary>Everything of one language.</summary>
internal sealed record LanguagePack(
    string Locale,
    IReadOnlyDictionary<string, Topic> Topics,
    IReadOnlyDictionary<string, Flow> Flows,
    UiText Ui,
    Lexicon Lexicon);
