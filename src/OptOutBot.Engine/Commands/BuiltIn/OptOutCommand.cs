using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Commands.BuiltIn;

/// <summary>/optout [platform]: how to object, or the step-by-step guide of one platform.</summary>
internal sealed class OptOutCommand : ICommand
{
    // Platform words (after folding) → the topic that guides on that platform.
    private static readonly Dictionary<string, string> PlatformTopics = new(StringComparer.Ordinal)
    {
        ["facebook"] = "optout-facebook-steps", ["fb"] = "optout-facebook-steps", ["face"] = "optout-facebook-steps",
        ["instagram"] = "optout-instagram-steps", ["insta"] = "optout-instagram-steps", ["ig"] = "optout-instagram-steps",
        ["threads"] = "optout-instagram-steps",
        ["whatsapp"] = "whatsapp", ["wa"] = "whatsapp",
        ["messenger"] = "messenger-threads",
        ["linkedin"] = "other-platform-linkedin",
        ["x"] = "other-platform-x-grok", ["twitter"] = "other-platform-x-grok", ["grok"] = "other-platform-x-grok",
        ["reddit"] = "other-platform-reddit",
        ["slack"] = "other-platform-slack",
        ["google"] = "other-platform-google-gemini", ["gemini"] = "other-platform-google-gemini",
        ["openai"] = "other-platform-openai-chatgpt", ["chatgpt"] = "other-platform-openai-chatgpt",
    };

    public string Name => "optout";

    public int MenuOrder => 30;

    public CommandParameter Argument { get; } = new("platform", ["facebook", "instagram", "whatsapp", "linkedin", "x", "reddit", "slack", "google", "openai"]);

    public IReadOnlyList<string> Strings => ["optout.unknown_platform"];

    public ValueTask<TurnResult> RunAsync(CommandTurn turn, string? argument, CancellationToken cancellationToken = default)
    {
        if (argument is null)
        {
            return ValueTask.FromResult(turn.Topic("optout-how")!);
        }

        var key = TextNormalizer.Fold(argument).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (PlatformTopics.TryGetValue(key, out var topicId) && turn.Topic(topicId) is { } answer)
        {
            return ValueTask.FromResult(answer);
        }

        var text = Markup.Fill(turn.Text("optout.unknown_platform"), "{platform}", CommandText.Trim(argument, 40));
        var how = turn.Content.TopicReply(turn.Locale, "optout-how");
        var choices = how?.Messages[0].Choices ?? turn.MenuChoices;
        return ValueTask.FromResult(turn.Say(text, choices, TurnOutcome.Invalid));
    }
}
