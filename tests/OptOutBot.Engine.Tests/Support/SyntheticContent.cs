using OptOutBot.Engine.Content;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Support;

/// <summary>
/// A small, valid dialogs folder written in a temp folder: fr and en, a ui.yaml with every required string, two
/// topics ("alpha", "beta") and a two-step flow ("guide"). Tests overwrite or add files to break it on purpose.
/// </summary>
internal sealed class SyntheticContent : IDisposable
{
    public static readonly DateTimeOffset Today = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _temp = new();

    public SyntheticContent(params string[] locales)
    {
        Locales = locales.Length == 0 ? ["fr", "en"] : locales;
        Root = Path.Combine(_temp.Path, "dialogs");
        foreach (var locale in Locales)
        {
            Write($"{locale}/ui.yaml", Ui(locale));
            Write($"{locale}/topics/alpha.yaml", Topic("alpha", "Alpha topic", ["how does the zebra sleep"], "Zebras sleep standing up."));
            Write($"{locale}/topics/beta.yaml", Topic("beta", "Beta topic", ["where does the penguin swim"], "Penguins swim in cold seas."));
            Write($"{locale}/flows/guide.yaml", """
                id: guide
                title: A guide
                steps:
                  - id: first
                    text: Step one.
                    choices:
                      - label: Next
                        goto: second
                  - id: second
                    text: Step two.
                    choices:
                      - label: Back
                        goto: "@back"
                      - label: Menu
                        goto: "@menu"
                """);
        }
    }

    public IReadOnlyList<string> Locales { get; }

    /// <summary>The dialogs folder (absolute).</summary>
    public string Root { get; }

    public ContentOptions Options => new() { Path = Root, Locales = [.. Locales] };

    /// <summary>How errors name a file: relative to the folder above dialogs/, e.g. "dialogs/en/topics/x.yaml".</summary>
    public static string Display(string relative) => "dialogs/" + relative;

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
    }

    public void Delete(string relative) => File.Delete(Path.Combine(Root, relative));

    public (BotContent? Content, IReadOnlyList<ContentError> Problems) TryLoad() =>
        BotContent.TryLoad(_temp.Path, Options, new FakeTimeProvider(Today));

    public BotContent Load() => BotContent.Load(_temp.Path, Options, new FakeTimeProvider(Today));

    /// <summary>A valid topic file; line 1 is "id:", the answer starts on line 6 ("answer: |" on line 5).</summary>
    public static string Topic(string id, string title, IEnumerable<string> examples, string answer, string followups = "[]", string? flow = null)
    {
        // Line numbers matter to the validation tests: keep this layout stable.
        return $"""
            id: {id}
            title: {title}
            examples: [{string.Join(", ", examples.Select(e => "\"" + e + "\""))}]
            keywords: []
            answer: |
              {answer}
            followups: {followups}
            sources:
              - title: A source
                url: https://example.org/source
                date: 2026-01-15
            {(flow is null ? string.Empty : "flow: " + flow)}
            """;
    }

    public static string Ui(string locale) => $$"""
        language_name: {{(locale == "fr" ? "Français" : locale == "en" ? "English" : locale)}}
        strings:
          fallback: "[{{locale}}] fallback"
          clarify: "[{{locale}}] which one?"
          menu.title: "[{{locale}}] menu"
          menu.button: "[{{locale}}] menu button"
          language.prompt: "[{{locale}}] choose"
          language.changed: "[{{locale}}] changed"
          forget.confirm: "[{{locale}}] really forget?"
          forget.yes: "[{{locale}}] yes"
          forget.no: "[{{locale}}] no"
          forget.done: "[{{locale}}] erased {count}"
          forget.cancelled: "[{{locale}}] kept"
          mydata.intro: "[{{locale}}] your data"
          mydata.none: "[{{locale}}] nothing"
          about: "[{{locale}}] about"
          invalid.empty: "[{{locale}}] empty"
          invalid.action: "[{{locale}}] stale button"
          unknown_command: "[{{locale}}] unknown {command}"
          optout.unknown_platform: "[{{locale}}] no guide for {platform}"
          sources.label: "[{{locale}}] sources"
        menu: [alpha, beta]
        """;

    public void Dispose() => _temp.Dispose();
}
