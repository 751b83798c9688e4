using Microsoft.Extensions.Time.Testing;
using OptOutBot.Engine.Commands;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Testing;

/// <summary>
/// A command that exists only in tests: one class, plus its strings in each language's ui.yaml
/// (<see cref="ThrowawayContent"/> writes them). Nothing else in the code knows it.
/// </summary>
public sealed class EchoCommand : ICommand
{
    public string Name => "echo";

    public CommandParameter Argument { get; } = new("text");

    public IReadOnlyList<string> Strings => ["echo.reply"];

    public ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(turn.Say(Markup.Fill(turn.Text("echo.reply"), "{text}", argument ?? string.Empty)));
}

/// <summary><c>tests/content/three-languages</c> (French, English and a minimal German) copied to a temp folder, with <see cref="EchoCommand"/>'s strings added to every ui.yaml.</summary>
public sealed class ThrowawayContent : IDisposable
{
    private readonly TempFolder _temp = new();

    public ThrowawayContent(bool withStrings = true)
    {
        Root = Path.Combine(_temp.Path, "dialogs");
        var source = Path.Combine(RepositoryPaths.Root, "tests", "content", "three-languages");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        if (withStrings)
        {
            foreach (var locale in Locales)
            {
                var ui = Path.Combine(Root, locale, "ui.yaml");
                var text = File.ReadAllText(ui)
                    .Replace("\nstrings:\n", $"\nstrings:\n  echo.reply: \"[{locale}] you said: {{text}}\"\n", StringComparison.Ordinal)
                    .Replace("\ncommands:\n", $"\ncommands:\n  echo: \"[{locale}] Say it back\"\n", StringComparison.Ordinal)
                    .Replace("\ncommand_args:\n", $"\ncommand_args:\n  echo.text: \"[{locale}] What to say back\"\n", StringComparison.Ordinal);
                File.WriteAllText(ui, text);
            }
        }
    }

    public static IReadOnlyList<string> Locales { get; } = ["fr", "en", "de"];

    /// <summary>The content folder (absolute).</summary>
    public string Root { get; }

    public static CommandRegistry Commands { get; } = CommandRegistry.Default.With(new EchoCommand());

    public (BotContent? Content, IReadOnlyList<ContentError> Problems) TryLoad() =>
        BotContent.TryLoad(_temp.Path, new ContentOptions { Path = Root }, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)), commands: Commands);

    public BotContent Load() => TryLoad() is { Content: { } content } ? content : throw new InvalidOperationException(string.Join("\n", TryLoad().Problems));

    public void Dispose() => _temp.Dispose();
}
