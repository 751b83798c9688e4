using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Commands;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Commands;

/// <summary>Commands are one registry: a throwaway command (one class + its strings) is catalogued, validated and run with no other change.</summary>
public sealed class CommandRegistryTests
{
    [Fact]
    public async Task ThrowawayCommand_IsInTheMenusCatalog_AndRunsInEveryLanguage()
    {
        using var folder = new ThrowawayContent();
        var content = folder.Load();

        var echo = Assert.Single(content.Commands, c => c.Name == "echo");
        Assert.Equal("[de] Say it back", echo.Descriptions["de"]);
        Assert.Equal("text", echo.Argument!.Name);
        Assert.Equal("[fr] What to say back", echo.Argument.Descriptions["fr"]);

        var engine = new ConversationEngine(content, new InMemoryConversationStore(), TimeProvider.System, Options.Create(new ConversationOptions()));
        foreach (var locale in ThrowawayContent.Locales)
        {
            var result = await engine.HandleAsync(new InboundMessage("test", "c-" + locale, "u-" + locale, new TextInput("/echo hallo"), locale));

            Assert.Equal($"[{locale}] you said: hallo", Assert.Single(result.Reply.Messages).Text);
            Assert.Equal(("echo", locale, locale), (result.Command, result.Locale, result.Reply.Locale));
        }
    }

    [Fact]
    public void ThrowawayCommand_WithoutItsStrings_IsAContentErrorNamingThem()
    {
        using var folder = new ThrowawayContent(withStrings: false);

        var (content, problems) = folder.TryLoad();

        Assert.Null(content);
        var errors = problems.Where(p => p.Severity == ContentSeverity.Error).Select(p => p.ToString()).ToList();
        Assert.Equal(3, errors.Count(e => e.Contains("ui string 'echo.reply' is missing", StringComparison.Ordinal)));
        Assert.Equal(3, errors.Count(e => e.Contains("command 'echo' has no description", StringComparison.Ordinal)));
    }

    [Fact]
    public void GuideChoice_MayRunTheThrowawayCommand_ButNotAnUnknownOne()
    {
        using var folder = new ThrowawayContent();
        foreach (var locale in ThrowawayContent.Locales)
        {
            Directory.CreateDirectory(Path.Combine(folder.Root, locale, "flows"));
            File.WriteAllText(Path.Combine(folder.Root, locale, "flows", "guide.yaml"), """
                id: guide
                title: Guide
                steps:
                  - id: start
                    text: Step.
                    choices:
                      - label: Echo
                        goto: command:echo
                      - label: Nope
                        goto: command:nosuch
                """);
        }

        var (_, problems) = folder.TryLoad();

        var errors = problems.Where(p => p.Severity == ContentSeverity.Error).Select(p => p.Message).ToList();
        Assert.Equal(3, errors.Count(e => e.StartsWith("'command:nosuch' is not a command", StringComparison.Ordinal)));
        Assert.DoesNotContain(errors, e => e.Contains("command:echo", StringComparison.Ordinal));
    }

    [Fact]
    public void UiSchema_RequiresEveryRegisteredCommand_AndEveryStringTheEngineAndCommandsSay()
    {
        // The schema is for editors' completion; it must ask for exactly what the validator asks for.
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Dialogs, "schema", "ui.schema.json")))!;
        var commands = schema["properties"]!["commands"]!["required"]!.AsArray().Select(n => (string)n!).ToHashSet();
        var strings = schema["properties"]!["strings"]!["required"]!.AsArray().Select(n => (string)n!).ToHashSet();

        Assert.Equal(CommandRegistry.Default.Commands.Select(c => c.Name).Order(StringComparer.Ordinal), commands.Order(StringComparer.Ordinal));
        Assert.Empty(ContentValidator.RequiredUiStrings(CommandRegistry.Default).Except(strings));
    }

    [Fact]
    public void Registry_RefusesTwoCommandsOfOneName()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandRegistry.Default.With(new EchoCommand(), new EchoCommand()));

        Assert.Contains("'echo'", error.Message, StringComparison.Ordinal);
    }
}
