using Xunit;

namespace OptOutBot.Testing.Tools;

/// <summary>A [Fact] that is skipped, with the reason and the command that enables it, when its tool is missing.</summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(TestTool tool)
    {
        if (TestTools.MissingReason(tool) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A [Theory] that is skipped, with the reason and the command that enables it, when its tool is missing.</summary>
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public RequiresTheoryAttribute(TestTool tool)
    {
        if (TestTools.MissingReason(tool) is { } reason)
        {
            Skip = reason;
        }
    }
}
