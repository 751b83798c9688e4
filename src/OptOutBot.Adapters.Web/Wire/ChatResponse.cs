using System.Text.Json.Serialization;

namespace OptOutBot.Adapters.Web.Wire;

/// <summary>The answer to one turn: why (locale, topic, outcome, candidates) and what to show (messages).</summary>
internal sealed record ChatResponse(
    string Locale,
    string? Topic,
    string Outcome,
    IReadOnlyList<string> Candidates,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FlowStep,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Command,
    bool ContinuesPrevious,
    IReadOnlyList<WebMessage> Messages);

/// <summary>
/// One message. <see cref="Blocks"/> is the markup already parsed into paragraphs and lists of plain-text spans, so
/// the page builds DOM nodes from text and never parses HTML; <see cref="Text"/> is the plain-text form.
/// </summary>
internal sealed record WebMessage(
    string Text,
    IReadOnlyList<WebBlock> Blocks,
    IReadOnlyList<WebChoice> Choices,
    IReadOnlyList<WebLink> Links,
    IReadOnlyList<WebSource> Sources);

/// <summary>A paragraph ("p": items are its lines), a bullet list ("ul") or a numbered list ("ol", from <see cref="Start"/>).</summary>
internal sealed record WebBlock(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Start,
    IReadOnlyList<IReadOnlyList<WebSpan>> Items);

/// <summary>A run of text; a link when <see cref="Url"/> is set (always http(s)).</summary>
internal sealed record WebSpan(
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Bold,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Italic,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url);

internal sealed record WebChoice(string Label, string Action);

internal sealed record WebLink(string Label, string Url);

/// <summary>A source footnote; <see cref="Date"/> is ISO 8601 (yyyy-MM-dd).</summary>
internal sealed record WebSource(string Title, string Url, string Date);

/// <summary>Every 4xx/5xx body: a stable code for programs and a sentence for people.</summary>
internal sealed record ChatError(string Error, string Message);

/// <summary>The page's strings (ui.yaml <c>web</c>) of every language, served once as ui.json.</summary>
internal sealed record PageStrings(string DefaultLocale, IReadOnlyList<string> Locales, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Strings);
