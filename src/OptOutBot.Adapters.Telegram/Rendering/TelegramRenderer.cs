using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.Telegram.Wire;
using OptOutBot.Engine;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Rendering;

/// <summary>One Telegram message ready to send: HTML text (parse_mode HTML) and an optional inline keyboard.</summary>
internal sealed record TelegramMessage(string Html, InlineKeyboardMarkup? Keyboard);

/// <summary>
/// Turns a <see cref="Reply"/> into Telegram messages: markup rendered as HTML from <see cref="Markup.Parse"/> spans, every
/// string escaped, sources as a short footnote, choices as callback buttons, links as url buttons, text split at 4,096
/// visible characters on line boundaries (the keyboard and footnote go with the last part).
/// </summary>
internal sealed class TelegramRenderer(ILogger<TelegramRenderer> logger)
{
    public const string ParseMode = "HTML";

    /// <summary>Telegram's limit on a message's text after entity parsing.</summary>
    public const int MaxTextLength = 4096;

    private const int MaxLabelLengthForPairs = 20;

    /// <summary>Beyond this many buttons a keyboard stops being readable on a phone; messages are not merged past it.</summary>
    private const int MaxButtons = 10;

    // Content replies are built once and reused for every person, so their rendering is too. Weak keys: replies
    // made for one turn (a clarification, /mydata) are collected with their rendering.
    private readonly ConditionalWeakTable<Reply, IReadOnlyList<TelegramMessage>> _rendered = [];

    public IReadOnlyList<TelegramMessage> Render(Reply reply) => _rendered.GetValue(reply, RenderNew);

    private IReadOnlyList<TelegramMessage> RenderNew(Reply reply)
    {
        var messages = new List<TelegramMessage>(reply.Messages.Count);
        foreach (var message in Merge(reply.Messages))
        {
            Render(message, messages);
        }

        return messages;
    }

    /// <summary>
    /// Joins consecutive messages that fit in one Telegram message: one notification instead of several, one call against
    /// the ~1 message/s per chat limit, and in webhook mode a reply that can travel in the webhook response.
    /// </summary>
    internal static IEnumerable<ReplyMessage> Merge(IReadOnlyList<ReplyMessage> messages)
    {
        if (messages.Count < 2)
        {
            return messages;
        }

        var merged = new List<ReplyMessage>(messages.Count);
        var current = messages[0];
        for (var i = 1; i < messages.Count; i++)
        {
            var next = messages[i];
            var joined = new ReplyMessage(current.Text.TrimEnd() + "\n\n" + next.Text.TrimStart('\n'))
            {
                Choices = [.. current.Choices, .. next.Choices.Where(c => !current.Choices.Any(d => d.ActionId == c.ActionId))],
                Links = [.. current.Links, .. next.Links.Where(l => !current.Links.Any(m => m.Url == l.Url))],
                Sources = [.. current.Sources, .. next.Sources.Where(s => !current.Sources.Any(t => t.Url == s.Url))],
            };
            if (RenderedLength(joined) <= MaxTextLength && joined.Choices.Count + joined.Links.Count <= MaxButtons)
            {
                current = joined;
            }
            else
            {
                merged.Add(current);
                current = next;
            }
        }

        merged.Add(current);
        return merged;
    }

    // Markup never renders longer than it is written, so its raw length is a free upper bound; parse only when that is not enough.
    private static int RenderedLength(ReplyMessage message)
    {
        var footnote = message.Sources.Count == 0 ? 0 : Footnote(message.Sources).Visible.Length + 2;
        return message.Text.Length + footnote <= MaxTextLength ? message.Text.Length + footnote : VisibleLength(message.Text) + footnote;
    }

    private void Render(ReplyMessage message, List<TelegramMessage> output)
    {
        (string Html, string Visible)? footnote = message.Sources.Count == 0 ? null : Footnote(message.Sources);
        var limit = MaxTextLength - (footnote is null ? 0 : footnote.Value.Visible.Length + 2);
        // The usual case, a message that fits, costs one pass over the markup; only long ones go through the splitter.
        var whole = ToHtml(message.Text, out var visible);
        IReadOnlyList<string> chunks = visible <= limit ? [whole] : [.. MessageSplitter.Split(message.Text, limit, VisibleLength).Select(ToHtml)];
        if (chunks.Count == 0)
        {
            chunks = [string.Empty];
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            var html = chunks[i];
            if (last && footnote is { } note)
            {
                html = html.Length == 0 ? note.Html : html + "\n\n" + note.Html;
            }

            if (html.Length == 0)
            {
                // Telegram refuses empty text; a reply that is only buttons still needs a visible line.
                html = "·";
            }

            output.Add(new TelegramMessage(html, last ? Keyboard(message) : null));
        }
    }

    /// <summary>The HTML for neutral markup; every span escaped so content can never inject tags.</summary>
    public static string ToHtml(string markup) => ToHtml(markup, out _);

    /// <param name="visibleLength">What Telegram counts against its limit (see <see cref="VisibleLength"/>).</param>
    public static string ToHtml(string markup, out int visibleLength)
    {
        var sb = new StringBuilder(markup.Length + 32);
        var visible = 0;
        var first = true;
        foreach (var line in Markup.Parse(markup))
        {
            if (!first)
            {
                sb.Append('\n');
            }

            visible += first ? 0 : 1;
            first = false;
            var start = sb.Length;
            AppendPrefix(sb, line);
            visible += sb.Length - start;
            foreach (var span in line.Spans)
            {
                visible += span.Text.Length;
                var bold = span.Style.HasFlag(SpanStyle.Bold);
                var italic = span.Style.HasFlag(SpanStyle.Italic);
                if (bold)
                {
                    sb.Append("<b>");
                }

                if (italic)
                {
                    sb.Append("<i>");
                }

                if (span.Url is not null)
                {
                    sb.Append("<a href=\"");
                    AppendEscaped(sb, span.Url, attribute: true);
                    sb.Append("\">");
                    AppendEscaped(sb, span.Text, attribute: false);
                    sb.Append("</a>");
                }
                else
                {
                    AppendEscaped(sb, span.Text, attribute: false);
                }

                if (italic)
                {
                    sb.Append("</i>");
                }

                if (bold)
                {
                    sb.Append("</b>");
                }
            }
        }

        visibleLength = visible;
        return sb.ToString().Trim('\n');
    }

    /// <summary>What Telegram counts against the 4,096 limit: the text after entity parsing, in UTF-16 units.</summary>
    public static int VisibleLength(string markup)
    {
        var length = 0;
        var first = true;
        foreach (var line in Markup.Parse(markup))
        {
            length += first ? 0 : 1;
            first = false;
            length += line.Kind switch
            {
                LineKind.Bullet => 2,
                LineKind.Numbered => line.Number.ToString(CultureInfo.InvariantCulture).Length + 2,
                _ => 0,
            };
            foreach (var span in line.Spans)
            {
                length += span.Text.Length;
            }
        }

        return length;
    }

    internal static void AppendEscaped(StringBuilder sb, string text, bool attribute)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '"' when attribute:
                    sb.Append("&quot;");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }

    private static void AppendPrefix(StringBuilder sb, MarkupLine line)
    {
        if (line.Kind == LineKind.Bullet)
        {
            sb.Append("• ");
        }
        else if (line.Kind == LineKind.Numbered)
        {
            sb.Append(line.Number.ToString(CultureInfo.InvariantCulture)).Append(". ");
        }
    }

    // Sources stay short and language-neutral: "📎 Title (2025-05-27) · Other (2025-06-01)", titles linked.
    private static (string Html, string Visible) Footnote(IReadOnlyList<SourceNote> sources)
    {
        var html = new StringBuilder("<i>📎 ");
        var visible = new StringBuilder("📎 ");
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var date = source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (i > 0)
            {
                html.Append(" · ");
                visible.Append(" · ");
            }

            html.Append("<a href=\"");
            AppendEscaped(html, source.Url, attribute: true);
            html.Append("\">");
            AppendEscaped(html, source.Title, attribute: false);
            html.Append("</a> (").Append(date).Append(')');
            visible.Append(source.Title).Append(" (").Append(date).Append(')');
        }

        html.Append("</i>");
        return (html.ToString(), visible.ToString());
    }

    private InlineKeyboardMarkup? Keyboard(ReplyMessage message)
    {
        if (message.Choices.Count == 0 && message.Links.Count == 0)
        {
            return null;
        }

        var rows = new List<List<InlineKeyboardButton>>();
        List<InlineKeyboardButton>? pair = null;
        foreach (var choice in message.Choices)
        {
            var bytes = Encoding.UTF8.GetByteCount(choice.ActionId);
            if (bytes is 0 or > ActionIds.MaxLength)
            {
                Log.ActionIdTooLong(logger, bytes);
                continue;
            }

            var button = new InlineKeyboardButton { Text = choice.Label, CallbackData = choice.ActionId };
            // Short labels sit two to a row; long ones get a row each so Telegram does not truncate them.
            if (choice.Label.Length <= MaxLabelLengthForPairs && pair is { Count: 1 } && pair[0].Text.Length <= MaxLabelLengthForPairs)
            {
                pair.Add(button);
                pair = null;
                continue;
            }

            pair = [button];
            rows.Add(pair);
        }

        foreach (var link in message.Links)
        {
            if (Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                rows.Add([new InlineKeyboardButton { Text = link.Label, Url = link.Url }]);
            }
        }

        return rows.Count == 0 ? null : new InlineKeyboardMarkup { InlineKeyboard = rows };
    }
}
