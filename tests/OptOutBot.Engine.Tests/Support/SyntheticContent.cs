using Microsoft.Extensions.Time.Testing;
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

    /// <summary>A ui.yaml with every string the validator requires, each "[locale] key" unless a test relies on its text.</summary>
    public static string Ui(string locale)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fallback"] = "fallback",
            ["clarify"] = "which one?",
            ["menu.title"] = "menu",
            ["forget.done"] = "erased {count}",
            ["invalid.empty"] = "empty",
            ["invalid.action"] = "stale button",
            ["unknown_command"] = "unknown {command}",
            ["optout.unknown_platform"] = "no guide for {platform}",
        };
        var strings = ContentValidator.RequiredUiStrings(OptOutBot.Engine.Commands.CommandRegistry.Default).Select(key => $"  {key}: \"[{locale}] {texts.GetValueOrDefault(key, key)}\"");
        var commands = OptOutBot.Engine.Commands.CommandRegistry.Default.Commands.Select(c => $"  {c.Name}: \"[{locale}] {c.Name}\"");
        var name = locale switch { "fr" => "Français", "en" => "English", _ => locale };
        return $"language_name: {name}\nstrings:\n{string.Join("\n", strings)}\nmenu: [alpha, beta]\ncommands:\n{string.Join("\n", commands)}";
    }

    public void Dispose() => _temp.Dispose();
}
