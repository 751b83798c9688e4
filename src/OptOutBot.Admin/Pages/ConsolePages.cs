using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Admin.Usage;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Broadcasts.Cli;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Scheduling;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Admin.Pages;

/// <summary>
/// The console's pages, for a signed-in operator. Broadcast numbers come from <see cref="IOutboxStore.ListStatsAsync"/>,
/// the one source that <c>broadcast status</c> and /metrics/broadcasts read too; announcements go through
/// <see cref="BroadcastCommands.QueueAnnouncementAsync"/>, the path of <c>broadcast send</c>.
/// </summary>
internal sealed class ConsolePages(
    UsageRecorder recorder,
    IUsageCounterStore usage,
    IOutboxStore outbox,
    ISubscriptionStore subscriptions,
    BroadcastCommands broadcasts,
    ContentLocales locales,
    LiveContent live,
    IDeadlineCalendarSource calendar,
    IOptions<AdminOptions> adminOptions,
    IOptions<ContentOptions> contentOptions,
    IOptions<ConversationOptions> conversationOptions,
    TimeProvider time,
    ILogger<ConsolePages> logger,
    IQuestionLog? questions = null)
{
    private const int MaxAnnouncementLength = 4000;

    public sealed record Result(int Status, string? Html = null, string? Json = null, string? Redirect = null);

    /// <param name="Session">The session's fingerprint, for the audit log.</param>
    public sealed record Operator(string Session, string Csrf);

    public async Task<Result> GetAsync(string path, IQueryCollection query, string csrf, CancellationToken cancellationToken) => path switch
    {
        "/admin" => Ok(Html.Page("Overview", "/admin", await OverviewAsync(cancellationToken), csrf)),
        "/admin/broadcasts" => Ok(Html.Page("Broadcasts", "/admin/broadcasts", await BroadcastsAsync(query["queued"], csrf, cancellationToken), csrf)),
        "/admin/broadcasts.json" => new Result(StatusCodes.Status200OK, Json: StatsJson(await outbox.ListStatsAsync(20, cancellationToken))),
        "/admin/content" => Ok(Html.Page("Content", "/admin/content", ContentBody(), csrf)),
        "/admin/questions" => Ok(Html.Page("Unanswered questions", "/admin/questions", await QuestionsAsync(cancellationToken), csrf)),
        _ => new Result(StatusCodes.Status404NotFound, Html.Page("Not found", "", "<p>No such page in the console.</p>", csrf)),
    };

    public async Task<Result> PostAsync(string path, IFormCollection form, Operator op, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case "/admin/broadcasts/preview":
                Log.Action(logger, "announcement previewed", op.Session);
                return await PreviewAsync(form, op.Csrf, cancellationToken);
            case "/admin/broadcasts/send":
                if (ReadAnnouncement(form, out var announcement, out var topic) is { } error)
                {
                    return new Result(StatusCodes.Status400BadRequest, Html.Page("Broadcasts", "/admin/broadcasts", $"<p class=\"error\" role=\"alert\">{Html.Text(error)}</p>", op.Csrf));
                }

                var plan = await broadcasts.QueueAnnouncementAsync(announcement!, topic, cancellationToken);
                Log.Action(logger, string.Create(CultureInfo.InvariantCulture, $"announcement queued as broadcast #{plan.BroadcastId} for {plan.Recipients} recipients{(plan.Created ? "" : " (already queued)")}"), op.Session);
                return new Result(StatusCodes.Status303SeeOther, Redirect: "/admin/broadcasts?queued=" + plan.BroadcastId.ToString(CultureInfo.InvariantCulture));
            default:
                return new Result(StatusCodes.Status404NotFound, Html.Page("Not found", "", "<p>No such action in the console.</p>", op.Csrf));
        }
    }

    private static Result Ok(string html) => new(StatusCodes.Status200OK, html);

    private async Task<string> OverviewAsync(CancellationToken cancellationToken)
    {
        await recorder.FlushAsync(cancellationToken); // the counts include the turns of the last few seconds
        var days = adminOptions.Value.KeepDays;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var summary = UsageSummary.From(await usage.ListAsync(today.AddDays(-days + 1), cancellationToken));
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>The last {days} days (<code>Admin:KeepDays</code>), from counters only: no user id, no message text is kept for this page.</p>");

        html.Append("<section aria-labelledby=\"rates\"><h2 id=\"rates\">Answers</h2><table class=\"numbers\"><caption>Turns by outcome</caption><thead><tr><th scope=\"col\">outcome</th><th scope=\"col\">turns</th><th scope=\"col\">share</th></tr></thead><tbody>");
        foreach (var (name, metric, value) in new[] { ("all turns", "turns", summary.Turns), ("answered (topic or guide step)", "answered", summary.Answered), ("clarified (asked which topic)", "clarified", summary.Clarified), ("fallback (not understood)", "fallback", summary.Fallback), ("commands and other", "other", summary.Other) })
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{name}</th><td data-metric=\"{metric}\">{value}</td><td>{UsageSummary.Percent(value, summary.Turns)}</td></tr>");
        }

        html.Append("</tbody></table></section>");

        var perDay = summary.PerDay.GroupBy(d => d.Day).Select(g => (g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.Sum(d => d.Turns))).ToList();
        html.Append("<section aria-labelledby=\"days\"><h2 id=\"days\">Turns per day</h2><div class=\"pair\">")
            .Append(Html.BarChart("Turns per day", perDay))
            .Append("<table class=\"numbers\"><caption>Turns per day, channel and language</caption><thead><tr><th scope=\"col\">day</th><th scope=\"col\">channel</th><th scope=\"col\">language</th><th scope=\"col\">turns</th></tr></thead><tbody>");
        foreach (var (day, channel, locale, turns) in summary.PerDay)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-day=\"{day:yyyy-MM-dd}\" data-channel=\"{Html.Text(channel)}\" data-locale=\"{Html.Text(locale)}\"><td>{day:yyyy-MM-dd}</td><td>{Html.Text(channel)}</td><td>{Html.Text(locale)}</td><td data-metric=\"day-turns\">{turns}</td></tr>");
        }

        html.Append("</tbody></table></div></section>");

        html.Append("<section aria-labelledby=\"topics\"><h2 id=\"topics\">Top topics</h2><div class=\"pair\">")
            .Append(Html.BarChart("Top topics", summary.TopTopics.Select(t => (t.Topic, t.Count)).ToList()))
            .Append("<table class=\"numbers\"><caption>Topics answered most</caption><thead><tr><th scope=\"col\">topic</th><th scope=\"col\">answers</th></tr></thead><tbody>");
        foreach (var (topic, count) in summary.TopTopics)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-topic=\"{Html.Text(topic)}\"><td>{Html.Text(topic)}</td><td data-metric=\"topic-count\">{count}</td></tr>");
        }

        html.Append("</tbody></table></div></section>");

        html.Append("<section aria-labelledby=\"fallbacks\"><h2 id=\"fallbacks\">Top fallbacks</h2><p>Where the bot most often did not understand. The questions themselves are only kept when the operator turns on the redacted log (see Unanswered questions).</p><div class=\"pair\">")
            .Append(Html.BarChart("Fallbacks by channel and language", summary.TopFallbacks.Select(f => (f.Channel + " " + f.Locale, f.Count)).ToList()))
            .Append("<table class=\"numbers\"><caption>Fallbacks by channel and language</caption><thead><tr><th scope=\"col\">channel</th><th scope=\"col\">language</th><th scope=\"col\">fallbacks</th></tr></thead><tbody>");
        foreach (var (channel, locale, count) in summary.TopFallbacks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-channel=\"{Html.Text(channel)}\" data-locale=\"{Html.Text(locale)}\"><td>{Html.Text(channel)}</td><td>{Html.Text(locale)}</td><td data-metric=\"fallback-count\">{count}</td></tr>");
        }

        return html.Append("</tbody></table></div></section>").ToString();
    }

    private async Task<string> BroadcastsAsync(string? queued, string csrf, CancellationToken cancellationToken)
    {
        var stats = await outbox.ListStatsAsync(20, cancellationToken);
        var html = new StringBuilder();
        if (long.TryParse(queued, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">Broadcast #{id} is queued. Its progress updates below every second.</p>");
        }

        html.Append("<section aria-labelledby=\"progress\"><h2 id=\"progress\">Progress</h2><p id=\"live\" class=\"visually-hidden\" aria-live=\"polite\"></p>")
            .Append("<table class=\"numbers broadcasts\" id=\"broadcasts\"><caption>The 20 most recent broadcasts (the same numbers as <code>optoutbot broadcast status</code>)</caption><thead><tr>")
            .Append("<th scope=\"col\">#</th><th scope=\"col\">broadcast</th><th scope=\"col\">progress</th><th scope=\"col\">queued</th><th scope=\"col\">sent</th><th scope=\"col\">retried</th><th scope=\"col\">gone</th><th scope=\"col\">failed</th><th scope=\"col\">rate</th><th scope=\"col\">time left</th></tr></thead><tbody>");
        foreach (var s in stats)
        {
            var done = s.Sent + s.Gone + s.Failed;
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr data-id="{s.Id}"><th scope="row">{s.Id}</th><td>{Html.Text(s.Kind.ToString().ToLowerInvariant())} {Html.Text(s.Topic ?? "everyone")}<br><small>{s.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC</small></td>
                <td><progress max="{Math.Max(1, s.Total)}" value="{(s.Total == 0 ? 1 : done)}" aria-label="Broadcast {s.Id}">{s.Progress:P0}</progress> <span data-field="percent">{s.Progress:P0}</span> <small data-field="total">of {s.Total}</small></td>
                <td data-field="queued">{s.Queued + s.InFlight}</td><td data-field="sent">{s.Sent}</td><td data-field="retried">{s.Retried}</td><td data-field="gone">{s.Gone}</td><td data-field="failed">{s.Failed}</td><td data-field="rate">–</td><td data-field="eta">{(s.Done ? "done" : "–")}</td></tr>
                """);
        }

        html.Append("</tbody></table>").Append(stats.Count == 0 ? "<p>No broadcasts yet.</p>" : "").Append("</section>");

        html.Append("<section aria-labelledby=\"subscribers\"><h2 id=\"subscribers\">Subscribers</h2><table class=\"numbers\"><caption>Who a broadcast to everyone reaches, by channel and language</caption><thead><tr><th scope=\"col\">channel</th><th scope=\"col\">language</th><th scope=\"col\">subscribers</th></tr></thead><tbody>");
        foreach (var r in (await subscriptions.CountRecipientsAsync(null, cancellationToken)).OrderBy(r => r.Channel, StringComparer.Ordinal).ThenBy(r => r.Locale, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Text(r.Channel)}</td><td>{Html.Text(r.Locale)}</td><td>{r.Count}</td></tr>");
        }

        html.Append("</tbody></table></section>");
        html.Append("<section aria-labelledby=\"compose\"><h2 id=\"compose\">New announcement</h2>")
            .Append("<form method=\"post\" action=\"/admin/broadcasts/preview\" class=\"card\">").Append(Hidden("csrf", csrf))
            .Append("<label for=\"topic\">Only subscribers of this topic (empty: every subscriber)</label><input id=\"topic\" name=\"topic\" type=\"text\" maxlength=\"64\">");
        foreach (var locale in locales.All)
        {
            html.Append(CultureInfo.InvariantCulture, $"<label for=\"text-{locale}\">Text in {Html.Text(locale)}{(locale == locales.Default ? " (required)" : " (empty: the " + Html.Text(locales.Default) + " text)")}</label><textarea id=\"text-{locale}\" name=\"text-{locale}\" rows=\"4\" maxlength=\"{MaxAnnouncementLength}\" lang=\"{Html.Text(locale)}\"{(locale == locales.Default ? " required" : "")}></textarea>");
        }

        return html.Append("<button type=\"submit\">Preview</button></form></section>").ToString();
    }

    private async Task<Result> PreviewAsync(IFormCollection form, string csrf, CancellationToken cancellationToken)
    {
        if (ReadAnnouncement(form, out var announcement, out var topic) is { } error)
        {
            return new Result(StatusCodes.Status400BadRequest, Html.Page("Broadcasts", "/admin/broadcasts", $"<p class=\"error\" role=\"alert\">{Html.Text(error)}</p><p><a href=\"/admin/broadcasts\">Back</a></p>", csrf));
        }

        var recipients = await broadcasts.RecipientsAsync(topic, cancellationToken);
        var total = recipients.Sum(r => r.Count);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>To {(topic is null ? "every subscriber" : "the subscribers of " + Html.Text(topic))}: <strong data-metric=\"recipients\">{total}</strong> recipients.</p>");
        foreach (var locale in locales.All)
        {
            var text = Markup(announcement!.ToReply(locale));
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" aria-label=\"Preview in {Html.Text(locale)}\"><h2>{Html.Text(locale)}</h2><p class=\"preview\" lang=\"{Html.Text(locale)}\">{Html.Text(text)}</p></section>");
        }

        html.Append("<form method=\"post\" action=\"/admin/broadcasts/send\" class=\"card\">").Append(Hidden("csrf", csrf)).Append(Hidden("topic", topic ?? ""));
        foreach (var locale in locales.All)
        {
            html.Append(Hidden("text-" + locale, form["text-" + locale].ToString()));
        }

        html.Append(CultureInfo.InvariantCulture, $"<p>Sending cannot be undone.</p><button type=\"submit\" id=\"confirm\">Send to {total} recipients</button> <a href=\"/admin/broadcasts\">Cancel</a></form>");
        return Ok(Html.Page("Confirm the announcement", "/admin/broadcasts", html.ToString(), csrf));
    }

    private static string? SubscriptionTopic(string? topic) => string.IsNullOrWhiteSpace(topic) ? null : topic.Trim().ToLowerInvariant();

    private string? ReadAnnouncement(IFormCollection form, out BroadcastContent? announcement, out string? topic)
    {
        announcement = null;
        topic = SubscriptionTopic(form["topic"]);
        var messages = new Dictionary<string, BroadcastMessage>(StringComparer.Ordinal);
        foreach (var locale in locales.All)
        {
            var text = form["text-" + locale].ToString().Trim();
            if (text.Length > MaxAnnouncementLength)
            {
                return $"The {locale} text is longer than {MaxAnnouncementLength} characters.";
            }

            if (text.Length > 0)
            {
                messages[locale] = new BroadcastMessage(text, []);
            }
        }

        if (!messages.ContainsKey(locales.Default))
        {
            return $"The announcement needs at least the {locales.Default} text.";
        }

        announcement = new BroadcastContent(locales.Default, messages);
        return null;
    }

    private static string Markup(Engine.Replies.Reply reply) =>
        string.Join("\n\n", reply.Messages.Select(m => Engine.Replies.Markup.ToPlainText(m.Text)));

    private string ContentBody()
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var staleAfter = contentOptions.Value.StaleAfterDays;
        var warnings = live.Current.Warnings.Where(w => !w.Message.EndsWith("to re-check", StringComparison.Ordinal)).ToList();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"validation\"><h2 id=\"validation\">Validation</h2><p data-metric=\"content-status\">Valid: {live.Current.Locales.Count} languages ({Html.Text(string.Join(", ", live.Current.Locales))}), {warnings.Count} warnings. (Content with errors stops the bot at start, with every error listed.)</p>");
        if (warnings.Count > 0)
        {
            html.Append("<ul class=\"problems\">");
            foreach (var w in warnings)
            {
                html.Append("<li><code>").Append(Html.Text(w.Location.ToString())).Append("</code> ").Append(Html.Text(w.Message)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section>");

        var stale = StaleSources.Find(live.Current, staleAfter, today);
        html.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"stale\"><h2 id=\"stale\">Sources to re-check</h2><p>Checked more than {staleAfter} days ago (<code>Content:StaleAfterDays</code>, the list of <code>optoutbot validate --stale</code>): {stale.Count}.</p>");
        if (stale.Count > 0)
        {
            html.Append("<table class=\"numbers\"><caption>Stale sources and the files citing them</caption><thead><tr><th scope=\"col\">source</th><th scope=\"col\">checked</th><th scope=\"col\">cited in</th></tr></thead><tbody>");
            foreach (var source in stale)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{Html.Text(source.Url)}\" rel=\"noopener noreferrer\" target=\"_blank\">{Html.Text(source.Title)}</a><br><small>{Html.Text(source.Url)}</small></td><td>{source.Date:yyyy-MM-dd}</td><td>")
                    .Append(string.Join("<br>", source.CitedAt.Select(at => "<code>" + Html.Text(at.ToString()) + "</code>")))
                    .Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section><section aria-labelledby=\"calendar\"><h2 id=\"calendar\">Next events (deadlines.yaml)</h2>");
        var upcoming = calendar.Current.Upcoming(now).OrderBy(e => e.At).Take(10).ToList();
        if (upcoming.Count == 0)
        {
            html.Append("<p>No upcoming event in the calendar.</p>");
        }
        else
        {
            html.Append("<table class=\"numbers\"><caption>Upcoming events and their reminders</caption><thead><tr><th scope=\"col\">event</th><th scope=\"col\">local time</th><th scope=\"col\">UTC</th><th scope=\"col\">reminders</th></tr></thead><tbody>");
            foreach (var e in upcoming)
            {
                var title = e.Title.TryGetValue(locales.Default, out var t) ? t : e.Id;
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Text(title)}<br><small>{Html.Text(e.Id)} ({Html.Text(e.Platform)})</small></td><td>{e.LocalAt:yyyy-MM-dd HH:mm} {Html.Text(e.TimeZone.Id)}</td><td>{e.At.UtcDateTime:yyyy-MM-dd HH:mm}</td><td>{Html.Text(string.Join(", ", e.Reminders.Select(r => r.Key)))}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        return html.Append("</section>").ToString();
    }

    private async Task<string> QuestionsAsync(CancellationToken cancellationToken)
    {
        if (!conversationOptions.Value.LogUnansweredQuestions || questions is null)
        {
            return "<p>The unanswered-question log is off: nothing a person typed is kept. To see what the bot fails to answer, set <code>Conversation:LogUnansweredQuestions=true</code> (questions are redacted: e-mails, phone numbers, urls and digits removed, no user id).</p>";
        }

        var list = await questions.ListAsync(500, cancellationToken);
        // Similar questions: the same analysed terms (stemmed, stop words and typos folded) form one group; a question
        // with no term the bot knows stays with its exact (case-folded) repeats.
        var groups = list.GroupBy(q => live.Current.QuestionTerms(q.RedactedText).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } terms
                ? "terms:" + string.Join(' ', terms)
                : "text:" + q.RedactedText.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).Take(50).ToList();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>{list.Count} redacted questions in {groups.Count} groups, most frequent first. To teach the bot a question, paste the YAML line under <code>examples:</code> in the topic's file, then run <code>optoutbot validate</code>.</p>");
        foreach (var group in groups)
        {
            var sample = group.First();
            var nearest = live.Current.Explain(sample.RedactedText, top: 3).Topics.Where(e => e.Score > 0).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2 lang=\"{Html.Text(sample.Locale)}\">“{Html.Text(sample.RedactedText)}”</h2><p>{group.Count()} times ({Html.Text(string.Join(", ", group.Select(q => q.Channel + " " + q.Locale).Distinct(StringComparer.Ordinal)))}), last {group.Max(q => q.At).UtcDateTime:yyyy-MM-dd}.</p>");
            if (nearest.Count == 0)
            {
                html.Append("<p>No topic is close: probably off-topic.</p>");
            }
            else
            {
                html.Append("<p>Nearest topics — add it as an example of:</p><ul>");
                foreach (var e in nearest)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li><strong>{Html.Text(e.TopicId)}</strong> (score {e.Score:0.00}): <code class=\"yaml\">  - {Html.Text(YamlQuoted(sample.RedactedText))}</code> in <code>dialogs/{Html.Text(sample.Locale)}/</code></li>");
                }

                html.Append("</ul>");
            }

            html.Append("</section>");
        }

        return html.ToString();
    }

    private static string YamlQuoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{Html.Text(name)}\" value=\"{Html.Text(value)}\">";

    /// <summary>The broadcasts' numbers for the progress bars (polled by admin.js).</summary>
    private static string StatsJson(IReadOnlyList<BroadcastStats> stats)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("broadcasts");
            foreach (var s in stats)
            {
                json.WriteStartObject();
                json.WriteNumber("id", s.Id);
                json.WriteString("kind", s.Kind.ToString().ToLowerInvariant());
                json.WriteString("topic", s.Topic);
                json.WriteNumber("total", s.Total);
                json.WriteNumber("queued", s.Queued + s.InFlight);
                json.WriteNumber("sent", s.Sent);
                json.WriteNumber("retried", s.Retried);
                json.WriteNumber("gone", s.Gone);
                json.WriteNumber("failed", s.Failed);
                json.WriteNumber("progress", s.Progress);
                json.WriteBoolean("done", s.Done);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
