using System.Globalization;
using System.Runtime.CompilerServices;
using OptOutBot.Adapters.Web.Wire;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Web;

/// <summary>
/// Turns a <see cref="TurnResult"/> into the endpoint's JSON shape. The markup is parsed here into blocks of plain-text
/// spans, so the page renders with text nodes only; link urls that are not http(s) are dropped to plain text.
/// </summary>
internal static class WebRenderer
{
    public static ChatResponse Render(TurnResult result)
    {
        var messages = new WebMessage[result.Reply.Messages.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = RenderMessage(result.Reply.Messages[i]);
        }

        // Like `ask --json`: a topic only when one answered, not the fallback's or a clarification's bookkeeping.
        var topic = result.Outcome is TurnOutcome.Clarify or TurnOutcome.Fallback ? null : result.TopicId;
        return new ChatResponse(
            result.Locale,
            topic,
            OutcomeName(result.Outcome),
            result.Candidates,
            result.FlowStep,
            result.Command,
            result.Reply.ContinuesPrevious,
            messages);
    }

    // Replies come from the loaded content, so the same message instances recur on every turn: render each once.
    // Weak keys: messages built for one turn (e.g. /mydata) go when the engine drops them.
    private static readonly ConditionalWeakTable<ReplyMessage, WebMessage> Rendered = new();

    public static WebMessage RenderMessage(ReplyMessage message) => Rendered.GetValue(message, Build);

    private static WebMessage Build(ReplyMessage message)
    {
        var lines = Markup.Parse(message.Text);
        return new WebMessage(
            Markup.ToPlainText(lines),
            Blocks(lines),
            message.Choices.Count == 0 ? [] : message.Choices.Select(c => new WebChoice(c.Label, c.ActionId)).ToArray(),
            message.Links.Count == 0 ? [] : message.Links.Where(l => LinkRules.IsSafeHttps(l.Url)).Select(l => new WebLink(l.Label, l.Url)).ToArray(),
            message.Sources.Count == 0 ? [] : message.Sources.Where(s => LinkRules.IsSafeHttps(s.Url))
                .Select(s => new WebSource(s.Title, s.Url, s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToArray());
    }

    /// <summary>Groups lines: consecutive paragraph lines form one "p" (one item per line), consecutive bullets one "ul", numbered items one "ol".</summary>
    public static IReadOnlyList<WebBlock> Blocks(IReadOnlyList<MarkupLine> lines)
    {
        var blocks = new List<WebBlock>();
        List<IReadOnlyList<WebSpan>>? items = null;
        var kind = LineKind.Blank;
        var start = 0;
        foreach (var line in lines)
        {
            if (items is not null && line.Kind != kind)
            {
                blocks.Add(Block(kind, start, items));
                items = null;
            }

            if (line.Kind == LineKind.Blank)
            {
                continue;
            }

            if (items is null)
            {
                items = [];
                kind = line.Kind;
                start = line.Kind == LineKind.Numbered ? line.Number : 0;
            }

            items.Add(Spans(line.Spans));
        }

        if (items is not null)
        {
            blocks.Add(Block(kind, start, items));
        }

        return blocks;
    }

    public static string OutcomeName(TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.Topic => "topic",
        TurnOutcome.Clarify => "clarify",
        TurnOutcome.Fallback => "fallback",
        TurnOutcome.FlowStep => "flowStep",
        TurnOutcome.Command => "command",
        TurnOutcome.Invalid => "invalid",
        _ => "unknown",
    };

    private static WebBlock Block(LineKind kind, int start, List<IReadOnlyList<WebSpan>> items) => kind switch
    {
        LineKind.Bullet => new WebBlock("ul", 0, items),
        LineKind.Numbered => new WebBlock("ol", start, items),
        _ => new WebBlock("p", 0, items),
    };

    private static WebSpan[] Spans(IReadOnlyList<MarkupSpan> spans)
    {
        var result = new WebSpan[spans.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var s = spans[i];
            var url = LinkRules.IsSafe(s.Url) ? s.Url : null;
            var text = s.Url is not null && url is null ? s.Text + " (" + s.Url + ")" : s.Text;
            result[i] = new WebSpan(text, s.Style.HasFlag(SpanStyle.Bold), s.Style.HasFlag(SpanStyle.Italic), url);
        }

        return result;
    }
}
