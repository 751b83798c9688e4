using OptOutBot.Engine.Content;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Content;

/// <summary>Syntax errors are content errors with a line, never a crash of <c>validate</c> or of a reload.</summary>
public sealed class YamlSyntaxTests
{
    [Fact]
    public void Validate_UnclosedBracket_IsAnErrorAtItsLine_NotAnException()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: [unclosed
            examples: [how does the zebra sleep]
            answer: Zebras.
            """);

        var (loaded, problems) = content.TryLoad();

        Assert.Null(loaded);
        Assert.Contains(problems, p => p.Severity == ContentSeverity.Error && p.Location == new SourceLocation(SyntheticContent.Display("en/topics/alpha.yaml"), 2) && p.Message.Contains("YAML syntax error", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadIndentation_IsAnErrorAtItsLine()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", "id: alpha\ntitle: Alpha\n  examples: [x]\n");

        var (_, problems) = content.TryLoad();

        Assert.Contains(problems, p => p.Location.File == SyntheticContent.Display("en/topics/alpha.yaml") && p.Location.Line is 2 or 3 && p.Message.StartsWith("YAML syntax error", StringComparison.Ordinal));
    }
}
