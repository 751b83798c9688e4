namespace OptOutBot.Engine.Replies;

/// <summary>
/// What the bot says in one turn: one or more messages in the neutral markup (see <see cref="Markup"/>).
/// Renderers translate it per platform and split it at the platform's limit.
/// </summary>
public sealed record Reply(IReadOnlyList<ReplyMessage> Messages)
{
    /// <summary>True when the reply continues a guide the person is stepping through, so an adapter may edit the previous message instead of sending a new one.</summary>
    public bool ContinuesPrevious { get; init; }

    /// <summary>The content language the reply is written in ("fr", "en"), so a renderer adds its own labels in the same language; null when unknown (the default language).</summary>
    public string? Locale { get; init; }

    public static Reply Single(ReplyMessage message) => new([message]);

    public static Reply Single(ReplyMessage message, string locale) => new([message]) { Locale = locale };
}

/// <summary>One message: markup text, optional choices (buttons), link buttons and a source footnote.</summary>
public sealed record ReplyMessage(string Text)
{
    public IReadOnlyList<Choice> Choices { get; init; } = [];

    public IReadOnlyList<LinkButton> Links { get; init; } = [];

    /// <summary>Where the facts come from and when they were checked; rendered as a short footnote.</summary>
    public IReadOnlyList<SourceNote> Sources { get; init; } = [];
}

/// <summary>A button that sends <paramref name="ActionId"/> back as an <see cref="Conversations.ActionInput"/>. Action ids are ASCII, at most 64 bytes.</summary>
public sealed record Choice(string Label, string ActionId);

/// <summary>A button that opens an https url.</summary>
public sealed record LinkButton(string Label, string Url);

/// <summary>A source: title, https url, and the date the fact applies to / was checked.</summary>
public sealed record SourceNote(string Title, string Url, DateOnly Date);
