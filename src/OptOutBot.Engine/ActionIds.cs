namespace OptOutBot.Engine;

/// <summary>
/// The compact, self-describing action ids carried by buttons. They hold everything needed to act, so a button
/// pressed after a restart (or days later) still works: "t:&lt;topic&gt;", "s:&lt;flow&gt;/&lt;step&gt;[&lt;&lt;origin&gt;]", "c:&lt;command&gt;[:&lt;arg&gt;]", "m" (menu).
/// All are ASCII and at most 64 bytes (Telegram's callback_data limit). Adapters may use their own prefix "x:" for
/// platform-only buttons (e.g. Discord's "share in channel"); the engine never sees those.
/// </summary>
public static class ActionIds
{
    public const int MaxLength = 64;
    public const string Menu = "m";

    /// <summary>In "s:flow/step&lt;origin", separates the step to show from the step the button was on (for "Back").</summary>
    public const char OriginSeparator = '<';

    /// <summary>Whether a button may carry <paramref name="actionId"/>: 1 to <see cref="MaxLength"/> bytes in UTF-8, on every platform.</summary>
    public static bool IsValid(string actionId) =>
        actionId.Length is > 0 and <= MaxLength && System.Text.Encoding.UTF8.GetByteCount(actionId) <= MaxLength;

    public static string Topic(string topicId) => "t:" + topicId;

    public static string Step(string flowId, string stepId) => "s:" + flowId + "/" + stepId;

    public static string Command(string name, string? argument = null) => argument is null ? "c:" + name : "c:" + name + ":" + argument;
}
