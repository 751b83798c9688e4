using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Admin.Content;
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
    ContentEditor editor,
    IOptions<AdminOptions> adminOptions,
    IOptions<ContentOptions> contentOptions,
    IOptions<ConversationOptions> conversationOptions,
    TimeProvider time,
    ILogger<ConsolePages> logger,
    IQuestionLog? questions = null)
{
    private const int MaxAnnouncementLength = 4000;
    private const int MaxQuestionsListed = 500;
    private const int BroadcastsShown = 20;

    public sealed record Result(int Status, string? Html = null, string? Json = null, string? Redirect = null);

    /// <param name="Session">The session's fingerprint, for the audit log.</param>
    public sealed record Operator(string Session, string Csrf);

    public async Task<Result> GetAsync(string path, IQueryCollection query, string csrf, CancellationToken cancellationToken) => path switch
    {
        "/admin" => Ok(Html.Page("Overview", "/admin", await OverviewAsync(cancellationToken), csrf)),
        "/admin/broadcasts" => Ok(Html.Page("Broadcasts", "/admin/broadcasts", await BroadcastsAsync(query["queued"], csrf, cancellationToken), csrf)),
        "/admin/broadcasts.json" => new Result(StatusCodes.Status200OK, Json: StatsJson(await outbox.ListStatsAsync(BroadcastsShown, cancellationToken), await outbox.ListChannelStatsAsync(BroadcastsShown, cancellationToken))),
        "/admin/content" => Ok(Html.Page("Content", "/admin/content", ContentBody(), csrf)),
        "/admin/questions" => Ok(Html.Page("Unanswered questions", "/admin/questions", await QuestionsAsync(csrf, null, cancellationToken), csrf)),
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
            case "/admin/questions/delete" or "/admin/questions/delete-all" or "/admin/questions/example" or "/admin/questions/offtopic":
                return await QuestionPostAsync(path, form, op, cancellationToken);
            default:
                return new Result(StatusCodes.Status404NotFound, Html.Page("Not found", "", "<p>No such action in the console.</p>", op.Csrf));
        }
    }

    private static Result Ok(string html) => new(StatusCodes.Status200OK, html);

    private async Task<string> OverviewAsync(CancellationToken cancellationToken)
    {
        await recorder.FlushAsync(cancellationToken); // the counts include the turns of the last few seconds
        var days = adminOptions.Value.UsageDays;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var summary = UsageSummary.From(await usage.ListAsync(today.AddDays(-days + 1), cancellationToken));
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>The last {days} days (<code>Admin:UsageRetention</code>), from counters only: no user id, no message text is kept for this page.</p>");

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
        var stats = await outbox.ListStatsAsync(BroadcastsShown, cancellationToken);
        var channels = await outbox.ListChannelStatsAsync(BroadcastsShown, cancellationToken);
        var html = new StringBuilder();
        if (long.TryParse(queued, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">Broadcast #{id} is queued. Its progress updates below every second.</p>");
        }

        html.Append("<section aria-labelledby=\"progress\"><h2 id=\"progress\">Progress</h2><p id=\"live\" class=\"visually-hidden\" aria-live=\"polite\"></p>")
            .Append("<table class=\"numbers broadcasts\" id=\"broadcasts\"><caption>The 20 most recent broadcasts, each followed by its channels (the same numbers as <code>optoutbot broadcast status</code> and <code>/metrics/broadcasts</code>)</caption><thead><tr>")
            .Append("<th scope=\"col\">#</th><th scope=\"col\">broadcast or channel</th><th scope=\"col\">progress</th><th scope=\"col\">queued</th><th scope=\"col\">sent</th><th scope=\"col\">retried</th><th scope=\"col\">gone</th><th scope=\"col\">failed</th><th scope=\"col\">rate</th><th scope=\"col\">time left</th></tr></thead><tbody>");
        foreach (var s in stats)
        {
            html.Append(ProgressRow(s.Id, null, $"{Html.Text(s.Kind.ToString().ToLowerInvariant())} {Html.Text(s.Topic ?? "everyone")}<br><small>{s.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC</small>", s.Total, s.Queued + s.InFlight, s.Sent, s.Retried, s.Gone, s.Failed, s.Done));
            foreach (var c in channels.Where(c => c.BroadcastId == s.Id))
            {
                html.Append(ProgressRow(s.Id, c.Channel, Html.Text(c.Channel), c.Total, c.Queued + c.InFlight, c.Sent, c.Retried, c.Gone, c.Failed, c.Queued + c.InFlight == 0));
            }
        }

        html.Append("</tbody></table>").Append(stats.Count == 0 ? "<p>No broadcasts yet.</p>" : "").Append("</section>");

        html.Append("<section aria-labelledby=\"subscribers\"><h2 id=\"subscribers\">Subscribers</h2><div class=\"pair\"><table class=\"numbers\" id=\"recipients\"><caption>Who a broadcast to everyone reaches, by channel and language</caption><thead><tr><th scope=\"col\">channel</th><th scope=\"col\">language</th><th scope=\"col\">recipients</th></tr></thead><tbody>");
        foreach (var r in (await subscriptions.CountRecipientsAsync(null, cancellationToken)).OrderBy(r => r.Channel, StringComparer.Ordinal).ThenBy(r => r.Locale, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-channel=\"{Html.Text(r.Channel)}\" data-locale=\"{Html.Text(r.Locale)}\"><td>{Html.Text(r.Channel)}</td><td>{Html.Text(r.Locale)}</td><td data-metric=\"recipients\">{r.Count}</td></tr>");
        }

        html.Append("</tbody></table><table class=\"numbers\" id=\"subscriptions\"><caption>Subscriptions by channel and topic (“everything” gets every reminder and announcement)</caption><thead><tr><th scope=\"col\">channel</th><th scope=\"col\">topic</th><th scope=\"col\">subscriptions</th></tr></thead><tbody>");
        foreach (var c in await subscriptions.CountSubscriptionsAsync(cancellationToken))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-channel=\"{Html.Text(c.Channel)}\" data-topic=\"{Html.Text(c.Topic ?? "")}\"><td>{Html.Text(c.Channel)}</td><td>{Html.Text(c.Topic ?? "everything")}</td><td data-metric=\"subscriptions\">{c.Count}</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
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
        var staleAfter = contentOptions.Value.StaleAfterWholeDays;
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
        html.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"stale\"><h2 id=\"stale\">Sources to re-check</h2><p>Checked more than {staleAfter} days ago (<code>Content:StaleAfter</code>, the list of <code>optoutbot validate --stale</code>): {stale.Count}.</p>");
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

    private async Task<string> QuestionsAsync(string csrf, string? notice, CancellationToken cancellationToken)
    {
        if (!conversationOptions.Value.LogUnansweredQuestions || questions is null)
        {
            return "<p>The unanswered-question log is off: nothing a person typed is kept. To see what the bot fails to answer, set <code>Conversation:LogUnansweredQuestions=true</code> (questions are redacted: e-mails, phone numbers, urls and digits removed, no user id).</p>";
        }

        var list = await questions.ListAsync(MaxQuestionsListed, cancellationToken);
        var groups = QuestionGroups.Of(list, live.Current).Take(50).ToList();
        var html = new StringBuilder(notice ?? "");
        html.Append(CultureInfo.InvariantCulture, $"<p>{Count(list.Count, "redacted question")} in {Count(groups.Count, "group")} of the same analysed words, most frequent first, each with the topics the bot finds nearest. ");
        html.Append(CultureInfo.InvariantCulture, $"Adding an example or an off-topic phrase {(editor.CanWrite ? "writes it into <code>" + Html.Text(editor.DisplayFolder) + "/</code>, validates the whole folder and reloads it (a refused edit is undone; a read-only folder gets the line to paste)" : "shows the YAML line to paste: this host does not reload its content")}.</p>");
        if (list.Count > 0)
        {
            html.Append("<form method=\"post\" action=\"/admin/questions/delete-all\" class=\"card\">").Append(Hidden("csrf", csrf))
                .Append(CultureInfo.InvariantCulture, $"<p><input type=\"checkbox\" id=\"confirm-all\" name=\"confirm\" value=\"yes\" required> <label for=\"confirm-all\">Yes, delete {(list.Count == 1 ? "the only question" : "all " + list.Count + " questions")}</label></p><button type=\"submit\" id=\"delete-all\">Delete all questions</button></form>");
        }

        var n = 0;
        foreach (var group in groups)
        {
            n++;
            var sample = group.Sample;
            var ids = string.Join(',', group.Questions.Select(q => q.Id.ToString(CultureInfo.InvariantCulture)));
            var nearest = live.Current.Explain(sample.RedactedText, top: 3).Topics.Where(e => e.Score > 0).ToList();
            var topics = live.Current.Topics(sample.Locale);
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card question\" aria-labelledby=\"q{n}\" data-group=\"{n}\"><h2 id=\"q{n}\" lang=\"{Html.Text(sample.Locale)}\">“{Html.Text(sample.RedactedText)}”</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p><span data-metric=\"group-count\">{group.Questions.Count}</span> {(group.Questions.Count == 1 ? "time" : "times")} ({Html.Text(string.Join(", ", group.Questions.Select(q => q.Channel + " " + q.Locale).Distinct(StringComparer.Ordinal)))}), last {group.Questions.Max(q => q.At).UtcDateTime:yyyy-MM-dd}.</p>");
            if (nearest.Count == 0)
            {
                html.Append("<p>No topic is close: probably off-topic.</p>");
            }
            else
            {
                html.Append("<p>The bot's nearest topics:</p><ul class=\"nearest\">");
                foreach (var e in nearest)
                {
                    var file = live.Current.TopicFile(sample.Locale, e.TopicId);
                    html.Append(CultureInfo.InvariantCulture, $"<li data-topic=\"{Html.Text(e.TopicId)}\"><strong>{Html.Text(e.TopicId)}</strong> (score {e.Score:0.00})");
                    if (file is not null)
                    {
                        html.Append(" — as its example: <code class=\"yaml\">").Append(Html.Text(ContentEditor.ListItem(sample.RedactedText))).Append("</code> under <code>examples:</code> in <code>").Append(Html.Text(file)).Append("</code>");
                    }

                    html.Append("</li>");
                }

                html.Append("</ul>");
            }

            html.Append("<form method=\"post\" action=\"/admin/questions/example\" class=\"inline\">").Append(Hidden("csrf", csrf)).Append(Hidden("ids", ids)).Append(Hidden("locale", sample.Locale)).Append(Hidden("text", sample.RedactedText))
                .Append(CultureInfo.InvariantCulture, $"<label for=\"topic-{n}\">Add as an example of</label><select id=\"topic-{n}\" name=\"topic\">");
            foreach (var id in nearest.Select(e => e.TopicId).Concat(topics.Select(t => t.Id)).Distinct(StringComparer.Ordinal))
            {
                var title = topics.FirstOrDefault(t => t.Id == id)?.Title ?? id;
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.Text(id)}\">{Html.Text(id)} — {Html.Text(title)}</option>");
            }

            html.Append("</select><button type=\"submit\">Add example</button></form>");
            html.Append("<form method=\"post\" action=\"/admin/questions/offtopic\" class=\"inline\">").Append(Hidden("csrf", csrf)).Append(Hidden("ids", ids)).Append(Hidden("locale", sample.Locale))
                .Append(CultureInfo.InvariantCulture, $"<label for=\"off-{n}\">Off-topic phrase for <code>{Html.Text(editor.DisplayFolder)}/{Html.Text(sample.Locale)}/offtopic.yaml</code> (shorten it to the word that makes it off-topic)</label><input id=\"off-{n}\" name=\"text\" type=\"text\" maxlength=\"200\" required lang=\"{Html.Text(sample.Locale)}\" value=\"{Html.Text(sample.RedactedText)}\"><button type=\"submit\">Mark as off-topic</button></form>");
            html.Append("<form method=\"post\" action=\"/admin/questions/delete\" class=\"inline\">").Append(Hidden("csrf", csrf)).Append(Hidden("ids", ids))
                .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" class=\"secondary\">Delete {(group.Questions.Count == 1 ? "this question" : "these " + group.Questions.Count + " questions")}</button></form>");
            html.Append("</section>");
        }

        return html.ToString();
    }

    private async Task<Result> QuestionPostAsync(string path, IFormCollection form, Operator op, CancellationToken cancellationToken)
    {
        if (!conversationOptions.Value.LogUnansweredQuestions || questions is null)
        {
            return Bad("The unanswered-question log is off.", op);
        }

        if (path == "/admin/questions/delete-all")
        {
            if (form["confirm"] != "yes")
            {
                return Bad("Tick the box to confirm deleting every question.", op);
            }

            var all = await questions.DeleteAsync(null, cancellationToken);
            Log.Action(logger, string.Create(CultureInfo.InvariantCulture, $"all unanswered questions deleted ({all})"), op.Session);
            return await QuestionsPageAsync(Notice("Deleted " + (all == 1 ? "the only question." : string.Create(CultureInfo.InvariantCulture, $"all {all} questions."))), op, cancellationToken);
        }

        if (!TryIds(form["ids"], out var ids))
        {
            return Bad("The form names no question (ids).", op);
        }

        if (path == "/admin/questions/delete")
        {
            var deleted = await questions.DeleteAsync(ids, cancellationToken);
            Log.Action(logger, string.Create(CultureInfo.InvariantCulture, $"unanswered questions deleted ({deleted})"), op.Session);
            return await QuestionsPageAsync(Notice(string.Create(CultureInfo.InvariantCulture, $"Deleted {deleted} {(deleted == 1 ? "question" : "questions")}.")), op, cancellationToken);
        }

        var locale = form["locale"].ToString();
        var text = form["text"].ToString().Trim();
        if (text.Length is 0 or > 200)
        {
            return Bad("The phrase must be 1 to 200 characters.", op);
        }

        ContentEditor.Edit? edit;
        string what;
        if (path == "/admin/questions/example")
        {
            var topic = form["topic"].ToString();
            edit = editor.AddExample(locale, topic, text);
            what = $"example for topic {topic} ({locale})";
            if (edit is null)
            {
                return Bad($"There is no topic '{topic}' in '{locale}'.", op);
            }
        }
        else
        {
            edit = editor.AddOffTopic(locale, text);
            what = $"off-topic phrase ({locale})";
            if (edit is null)
            {
                return Bad($"The bot does not serve the language '{locale}'.", op);
            }
        }

        Log.Action(logger, what + (edit.Applied ? ": written and reloaded" : edit.Written ? ": written, refused by validation, file restored" : ": shown to paste"), op.Session);
        if (edit.Applied)
        {
            // Taught: the bot answers these now (or knows them as off-topic), so they leave the list.
            await questions.DeleteAsync(ids, cancellationToken);
            var now = live.Current.Explain(text, top: 1).Topics.FirstOrDefault(t => t.Score > 0)?.TopicId;
            return await QuestionsPageAsync(Notice($"Added {edit.Line.Trim()} under {edit.List}: in {edit.File}; the content is valid and reloaded. The nearest topic for it is now {(now ?? "none (off-topic)")}."), op, cancellationToken);
        }

        var body = new StringBuilder();
        if (edit.Written)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div role=\"alert\" class=\"card\"><p class=\"error\">The edit was refused by validation, so {Html.Text(edit.File)} was put back as it was. The bot keeps its current content.</p><ul class=\"problems\">");
            foreach (var error in edit.Errors.Take(50))
            {
                body.Append("<li><code>").Append(Html.Text(error)).Append("</code></li>");
            }

            body.Append("</ul></div>");
        }
        else
        {
            body.Append("<div role=\"status\" class=\"card\"><p>Not written (").Append(Html.Text(edit.Why)).Append("). Paste this line under <code>").Append(Html.Text(edit.List)).Append(":</code> in <code>").Append(Html.Text(edit.File)).Append("</code>, then run <code>optoutbot validate</code>:</p><pre class=\"yaml\">").Append(Html.Text(edit.Line)).Append("</pre></div>");
        }

        return await QuestionsPageAsync(body.ToString(), op, cancellationToken, edit.Written ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private async Task<Result> QuestionsPageAsync(string notice, Operator op, CancellationToken cancellationToken, int status = StatusCodes.Status200OK) =>
        new(status, Html.Page("Unanswered questions", "/admin/questions", await QuestionsAsync(op.Csrf, notice, cancellationToken), op.Csrf));

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Notice(string text) => $"<p class=\"notice card\" role=\"status\">{Html.Text(text)}</p>";

    private static Result Bad(string message, Operator op) =>
        new(StatusCodes.Status400BadRequest, Html.Page("Unanswered questions", "/admin/questions", $"<p class=\"error\" role=\"alert\">{Html.Text(message)}</p><p><a href=\"/admin/questions\">Back</a></p>", op.Csrf));

    private static bool TryIds(string? value, out List<long> ids)
    {
        ids = [];
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || ids.Count >= MaxQuestionsListed)
            {
                return false;
            }

            ids.Add(id);
        }

        return ids.Count > 0;
    }

    private static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{Html.Text(name)}\" value=\"{Html.Text(value)}\">";

    /// <summary>A broadcast's row (<paramref name="channel"/> null) or one of its channels' rows, as admin.js updates them.</summary>
    private static string ProgressRow(long id, string? channel, string label, int total, int queued, int sent, int retried, int gone, int failed, bool done)
    {
        var finished = sent + gone + failed;
        var progress = total == 0 ? 1 : (double)finished / total;
        var name = channel is null ? string.Create(CultureInfo.InvariantCulture, $"Broadcast {id}") : string.Create(CultureInfo.InvariantCulture, $"Broadcast {id} on {channel}");
        return string.Create(CultureInfo.InvariantCulture, $"""
            <tr data-id="{id}"{(channel is null ? "" : $" data-channel=\"{Html.Text(channel)}\" class=\"channel\"")}>{(channel is null ? $"<th scope=\"row\">{id}</th>" : "<td></td>")}<td>{label}</td>
            <td><progress max="{Math.Max(1, total)}" value="{(total == 0 ? 1 : finished)}" aria-label="{Html.Text(name)}">{progress:P0}</progress> <span data-field="percent">{progress:P0}</span> <small data-field="total">of {total}</small></td>
            <td data-field="queued">{queued}</td><td data-field="sent">{sent}</td><td data-field="retried">{retried}</td><td data-field="gone">{gone}</td><td data-field="failed">{failed}</td><td data-field="rate">–</td><td data-field="eta">{(done ? "done" : "–")}</td></tr>
            """);
    }

    /// <summary>The broadcasts' numbers for the progress bars (polled by admin.js).</summary>
    private static string StatsJson(IReadOnlyList<BroadcastStats> stats, IReadOnlyList<ChannelStats> channels)
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
                json.WriteStartArray("channels");
                foreach (var c in channels.Where(c => c.BroadcastId == s.Id))
                {
                    json.WriteStartObject();
                    json.WriteString("channel", c.Channel);
                    json.WriteNumber("total", c.Total);
                    json.WriteNumber("queued", c.Queued + c.InFlight);
                    json.WriteNumber("sent", c.Sent);
                    json.WriteNumber("retried", c.Retried);
                    json.WriteNumber("gone", c.Gone);
                    json.WriteNumber("failed", c.Failed);
                    json.WriteNumber("progress", c.Total == 0 ? 1 : (double)(c.Sent + c.Gone + c.Failed) / c.Total);
                    json.WriteBoolean("done", c.Queued + c.InFlight == 0);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
