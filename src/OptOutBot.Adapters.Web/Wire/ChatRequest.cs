namespace OptOutBot.Adapters.Web.Wire;

/// <summary>
/// Body of POST /api/chat: the conversation id and exactly one input: <see cref="Text"/>, <see cref="Action"/>
/// (a choice's action id) or <see cref="Command"/> (with an optional <see cref="Argument"/>).
/// </summary>
internal sealed class ChatRequest
{
    public string? ConversationId { get; set; }

    public string? Text { get; set; }

    public string? Action { get; set; }

    public string? Command { get; set; }

    public string? Argument { get; set; }

    /// <summary>The client's language hint (e.g. "en-GB"); Accept-Language is used when absent.</summary>
    public string? Locale { get; set; }
}
