namespace OptOutBot.Engine.Content;

/// <summary>One problem found in the content, with where it is.</summary>
public sealed record ContentError(SourceLocation Location, string Message, ContentSeverity Severity = ContentSeverity.Error)
{
    public override string ToString() => $"{Location}: {(Severity == ContentSeverity.Error ? "error" : "warning")}: {Message}";
}

public enum ContentSeverity
{
    Error,
    Warning,
}

/// <summary>Thrown when the content has errors; lists every one of them, so a single run shows all that needs fixing.</summary>
public sealed class ContentValidationException(IReadOnlyList<ContentError> errors)
    : Exception($"The content in dialogs/ has {errors.Count(e => e.Severity == ContentSeverity.Error)} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors.Where(e => e.Severity == ContentSeverity.Error))}")
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}
