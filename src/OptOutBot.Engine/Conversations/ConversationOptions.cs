using System.ComponentModel.DataAnnotations;

namespace OptOutBot.Engine.Conversations;

/// <summary>How conversations behave (section "Conversation").</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>Days after which a silent conversation's state (language, guide step) is forgotten.</summary>
    [Range(1, 365, ErrorMessage = "Conversation:StateTtlDays must be between 1 and 365.")]
    public int StateTtlDays { get; set; } = 30;

    /// <summary>Keep unanswered questions (redacted, unlinked to anyone) so operators can improve the content. Off by default.</summary>
    public bool LogUnansweredQuestions { get; set; }

    /// <summary>Below this score the bot says it did not understand.</summary>
    [Range(0.05, 1.0, ErrorMessage = "Conversation:MatchThreshold must be between 0.05 and 1.")]
    public double MatchThreshold { get; set; } = 0.32;

    /// <summary>The best topic must explain at least this share of the question's weight; otherwise the question is mostly about something else.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Conversation:MinCoverage must be between 0 and 1.")]
    public double MinCoverage { get; set; } = 0.6;

    /// <summary>When the runner-up scores at least this share of the best, the bot asks which one was meant.</summary>
    [Range(0.5, 1.0, ErrorMessage = "Conversation:ClarifyRatio must be between 0.5 and 1.")]
    public double ClarifyRatio { get; set; } = 0.96;
}
