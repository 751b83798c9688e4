using System.Globalization;
using System.Text;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Conversations;

/// <summary>
/// A topic's answer for one turn: the prebuilt reply (without the invitation to subscribe where the channel cannot
/// push), and for the deadline topic, the calendar's next dated events — or the plain fact that none is announced.
/// The one place both free-text answers and commands (/deadline, /ask) get a topic's reply from.
/// </summary>
internal sealed class TopicAnswers(IUpcomingEvents? calendar, TimeProvider time)
{
    /// <summary>How many upcoming events the deadline answer lists.</summary>
    public const int MaxEvents = 3;

    public Reply? For(BotContent content, string locale, string topicId, bool canPush)
    {
        if (topicId != BotContent.DeadlineTopic)
        {
            return content.TopicReply(locale, topicId, canPush);
        }

        // The calendar message carries the deadline answer's only invitation to subscribe, worded for what is announced.
        var answer = content.TopicReply(locale, topicId, canPush: false);
        if (answer is null)
        {
            return null;
        }

        var events = calendar?.After(time.GetUtcNow(), MaxEvents) ?? [];
        var last = answer.Messages[^1];
        var dates = Calendar(content, locale, events, canPush) with { Choices = last.Choices };
        return new Reply([.. answer.Messages.Take(answer.Messages.Count - 1), last with { Choices = [] }, dates]) { Locale = answer.Locale };
    }

    private static ReplyMessage Calendar(BotContent content, string locale, IReadOnlyList<UpcomingEvent> events, bool canPush)
    {
        if (events.Count == 0)
        {
            var none = content.Text(locale, "deadline.none") + "\n\n" + content.Text(locale, canPush ? "deadline.none.subscribe" : "deadline.none.no_push");
            return new ReplyMessage(none);
        }

        var culture = Culture(locale);
        var dateFormat = content.Text(locale, DateFormatKey) is var f && f != DateFormatKey ? f : DefaultDateFormat;
        var template = content.Text(locale, "deadline.event").Trim();
        var text = new StringBuilder(content.Text(locale, "deadline.next")).Append("\n\n");
        var links = new List<LinkButton>();
        foreach (var e in events)
        {
            text.Append(template
                .Replace("{date}", When(e, culture, dateFormat), StringComparison.Ordinal)
                .Replace("{title}", Pick(e.Title, locale, content.DefaultLocale).Trim(), StringComparison.Ordinal)
                .Replace("{text}", Pick(e.Text, locale, content.DefaultLocale).Trim(), StringComparison.Ordinal)).Append('\n');
            foreach (var link in e.Links)
            {
                if (links.Count < 5 && links.All(l => l.Url != link.Url))
                {
                    links.Add(new LinkButton(Pick(link.Label, locale, content.DefaultLocale), link.Url));
                }
            }
        }

        if (canPush)
        {
            text.Append('\n').Append(content.Text(locale, "deadline.next.subscribe"));
        }

        return new ReplyMessage(text.ToString().TrimEnd() + "\n") { Links = links };
    }

    /// <summary>
    /// The ui string that says how the language writes a date (a .NET custom format: Spanish "d 'de' MMMM 'de' yyyy",
    /// German "d. MMMM yyyy"); optional, the validator checks it formats.
    /// </summary>
    public const string DateFormatKey = "deadline.date_format";

    public const string DefaultDateFormat = "d MMMM yyyy";

    /// <summary>"26 June 2026" in the person's language; the time and zone only when the event is not at midnight.</summary>
    private static string When(UpcomingEvent e, CultureInfo culture, string format)
    {
        var date = e.LocalAt.ToString(format, culture);
        return e.LocalAt.TimeOfDay == TimeSpan.Zero ? date : date + ", " + e.LocalAt.ToString("HH:mm", culture) + " (" + e.TimeZone + ")";
    }

    private static CultureInfo Culture(string locale)
    {
        try
        {
            return CultureInfo.GetCultureInfo(locale);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    private static string Pick(IReadOnlyDictionary<string, string> values, string locale, string defaultLocale) =>
        values.TryGetValue(locale, out var v) ? v : values.TryGetValue(defaultLocale, out var d) ? d : values.Values.FirstOrDefault() ?? string.Empty;
}
