using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Conversations;

/// <summary>What a turn produced: the reply, and why (for adapters, the CLI's --json and tests).</summary>
/// <param name="Reply">What to show.</param>
/// <param name="Locale">The language the reply is in ("fr", "en").</param>
/// <param name="Outcome">Which route answered.</param>
/// <param name="TopicId">The topic answered, or null (fallback, clarification, command, flow step).</param>
public sealed record TurnResult(Reply Reply, string Locale, TurnOutcome Outcome, string? TopicId = null)
{
    /// <summary>When the bot could not choose (<see cref="TurnOutcome.Clarify"/>): the topics it offers.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>The flow step shown, as "flow/step", when the turn moved in a flow.</summary>
    public string? FlowStep { get; init; }

    /// <summary>The command run, when the turn was a command.</summary>
    public string? Command { get; init; }
}

public enum TurnOutcome
{
    /// <summary>A topic answered the question.</summary>
    Topic,

    /// <summary>Two or more topics were too close; the reply asks which one.</summary>
    Clarify,

    /// <summary>Nothing matched; the reply is the fallback with the main menu.</summary>
    Fallback,

    /// <summary>A step of a multi-step guide.</summary>
    FlowStep,

    /// <summary>A command (start, language, forget, …) answered.</summary>
    Command,

    /// <summary>The input was empty or unusable (e.g. an unknown or stale button); the reply says so kindly.</summary>
    Invalid,
}
