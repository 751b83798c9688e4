using System.ComponentModel.DataAnnotations;

namespace OptOutBot.Engine.Conversations;

/// <summary>How conversations behave (section "Conversation").</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>How long a silent conversation's state (language, guide step) is kept before it is forgotten.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "Conversation:StateTtl must be between 01:00:00 and 365.00:00:00 (default 30.00:00:00).")]
    public TimeSpan StateTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Settings renamed when durations became TimeSpans; a configuration that still uses one is refused at start.</summary>
    internal static readonly Configuration.RenamedSetting[] Renamed = [new("StateTtlDays", nameof(StateTtl), "30.00:00:00")];

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
