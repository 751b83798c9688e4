using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Scheduling;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Replies;
using Spectre.Console;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.Broadcasts.Cli;

/// <summary>
/// The logic behind <c>optoutbot broadcast send | preview | status</c>. The CLI process only writes to the shared store;
/// the serving host's dispatcher (or any instance sharing the database) delivers.
/// </summary>
public sealed class BroadcastCommands(
    IOutboxStore outbox,
    ISubscriptionStore subscriptions,
    IDeadlineCalendarSource calendar,
    ContentLocales locales,
    TimeProvider time,
    DispatchSignal signal)
{
    /// <summary>
    /// Queues an operator announcement. The file is either plain markup (same text for every language) or YAML with
    /// <c>text: {fr: …, en: …}</c> and optional <c>links</c> and <c>topic</c>. Sending the same file and topic twice
    /// queues it once (the key is a hash of both). Returns the exit code.
    /// </summary>
    public async Task<int> SendAsync(string messageFile, string? topic, bool dryRun, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(messageFile))
        {
            await output.WriteLineAsync($"error: message file not found: {messageFile}");
            return 2;
        }

        BroadcastContent content;
        string? fileTopic;
        try
        {
            (content, fileTopic) = ReadMessageFile(messageFile, await File.ReadAllTextAsync(messageFile, cancellationToken));
        }
        catch (FormatException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        topic = Subscriptions.SubscriptionService.NormalizeTopic(topic ?? fileTopic);
        var recipients = await subscriptions.CountRecipientsAsync(topic, cancellationToken);
        var total = recipients.Sum(r => r.Count);
        await output.WriteLineAsync($"Announcement to {(topic is null ? "every subscriber" : $"subscribers of '{topic}'")}: {total} recipients");
        foreach (var r in recipients.OrderBy(r => r.Channel).ThenBy(r => r.Locale))
        {
            await output.WriteLineAsync($"  {r.Channel,-14} {r.Locale,-4} {r.Count,8}");
        }

        if (dryRun)
        {
            foreach (var locale in content.Messages.Keys)
            {
                await output.WriteLineAsync($"--- {locale} ---");
                await WriteReplyAsync(content.ToReply(locale), output);
            }

            await output.WriteLineAsync("Dry run: nothing queued.");
            return 0;
        }

        var plan = await QueueAnnouncementAsync(content, topic, cancellationToken);
        await output.WriteLineAsync(plan.Created
            ? $"Queued broadcast #{plan.BroadcastId} for {plan.Recipients} recipients. Follow it with: optoutbot broadcast status"
            : $"This message was already queued as broadcast #{plan.BroadcastId}; nothing new queued (edit the file to send a different one).");
        return 0;
    }

    /// <summary>
    /// Queues an announcement for the subscribers of <paramref name="topic"/> (null: every subscriber) and wakes the
    /// dispatcher. The one path behind <c>broadcast send</c> and the operator console: the same content and topic give
    /// the same key, so a second call returns the existing broadcast.
    /// </summary>
    public async Task<PlanResult> QueueAnnouncementAsync(BroadcastContent content, string? topic, CancellationToken cancellationToken = default)
    {
        topic = Subscriptions.SubscriptionService.NormalizeTopic(topic);
        var key = "announce:" + Hash(content.ToJson() + "\n" + topic);
        var plan = await outbox.PlanAsync(new BroadcastDraft(key, BroadcastKind.Announcement, topic, content, time.GetUtcNow()), cancellationToken);
        signal.Notify();
        return plan;
    }

    /// <summary>Who an announcement to <paramref name="topic"/> would reach, per channel and language (the count <c>broadcast send</c> prints).</summary>
    public async Task<IReadOnlyList<RecipientCount>> RecipientsAsync(string? topic, CancellationToken cancellationToken = default) =>
        await subscriptions.CountRecipientsAsync(Subscriptions.SubscriptionService.NormalizeTopic(topic), cancellationToken);

    /// <summary>Shows an event's reminders (due times in UTC and local time, planned state) and the text in one language.</summary>
    public async Task<int> PreviewAsync(string eventId, string? lang, TextWriter output, CancellationToken cancellationToken = default)
    {
        lang ??= locales.Default;
        var deadline = calendar.Current.Find(eventId);
        if (deadline is null)
        {
            await output.WriteLineAsync($"error: no event '{eventId}' in deadlines.yaml. Known: {string.Join(", ", calendar.Current.Events.Select(e => e.Id))}");
            return 2;
        }

        if (!locales.All.Contains(lang))
        {
            await output.WriteLineAsync($"error: unknown language '{lang}' (content languages: {string.Join(", ", locales.All)})");
            return 2;
        }

        var plan = (await outbox.ListRemindersAsync(cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{deadline.Id} ({deadline.Platform}): {deadline.LocalAt:yyyy-MM-dd HH:mm} {deadline.TimeZone.Id} = {deadline.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(deadline.At <= now ? " (past)" : "")}"));
        foreach (var offset in deadline.Reminders)
        {
            var due = deadline.DueAt(offset);
            var state = plan.TryGetValue(ReminderComposer.ReminderKey(deadline.Id, offset), out var r) ? r.State.ToString().ToLowerInvariant() : due > now ? "not planned yet" : "past";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {offset.Key,-5} due {ZoneTime.ToLocal(due, deadline.TimeZone):yyyy-MM-dd HH:mm} local, {due.UtcDateTime:yyyy-MM-dd HH:mm} UTC  [{state}]"));
        }

        await output.WriteLineAsync($"--- {lang} ---");
        await WriteReplyAsync(ReminderComposer.Compose(deadline, locales).ToReply(lang), output);
        return 0;
    }

    /// <summary>Per-broadcast counts with a progress bar, then one line per channel; with <paramref name="follow"/>, refreshes until every broadcast is done.</summary>
    public async Task<int> StatusAsync(TextWriter output, bool follow = false, int limit = 10, CancellationToken cancellationToken = default)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
            Ansi = output == Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output == Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (output != Console.Out || Console.IsOutputRedirected)
        {
            // Redirected or captured: wide enough that a row never wraps.
            console.Profile.Width = 160;
        }

        while (true)
        {
            var stats = await outbox.ListStatsAsync(limit, cancellationToken);
            if (stats.Count == 0)
            {
                console.WriteLine("No broadcasts yet.");
                return 0;
            }

            console.Write(StatusTable(stats, await outbox.ListChannelStatsAsync(limit, cancellationToken)));
            if (!follow || stats.All(s => s.Done))
            {
                return 0;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
    }

    internal static Table StatusTable(IReadOnlyList<BroadcastStats> stats, IReadOnlyList<ChannelStats>? channels = null)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "#", "broadcast", "created (UTC)", "progress", "queued", "sent", "retried", "gone", "failed" })
        {
            table.AddColumn(column);
        }

        foreach (var s in stats)
        {
            table.AddRow(
                s.Id.ToString(CultureInfo.InvariantCulture),
                Spectre.Console.Markup.Escape(s.Key.Length > 48 ? s.Key[..48] + "…" : s.Key),
                s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Bar(s.Progress) + string.Create(CultureInfo.InvariantCulture, $" {s.Progress:P0}"),
                (s.Queued + s.InFlight).ToString(CultureInfo.InvariantCulture),
                s.Sent.ToString(CultureInfo.InvariantCulture),
                s.Retried.ToString(CultureInfo.InvariantCulture),
                s.Gone.ToString(CultureInfo.InvariantCulture),
                s.Failed.ToString(CultureInfo.InvariantCulture));
            foreach (var c in (channels ?? []).Where(c => c.BroadcastId == s.Id))
            {
                var progress = c.Total == 0 ? 1 : (double)(c.Sent + c.Gone + c.Failed) / c.Total;
                table.AddRow(
                    "",
                    "  " + Spectre.Console.Markup.Escape(c.Channel),
                    "",
                    Bar(progress) + string.Create(CultureInfo.InvariantCulture, $" {progress:P0}"),
                    (c.Queued + c.InFlight).ToString(CultureInfo.InvariantCulture),
                    c.Sent.ToString(CultureInfo.InvariantCulture),
                    c.Retried.ToString(CultureInfo.InvariantCulture),
                    c.Gone.ToString(CultureInfo.InvariantCulture),
                    c.Failed.ToString(CultureInfo.InvariantCulture));
            }
        }

        return table;
    }

    internal static string Bar(double progress, int width = 20)
    {
        var filled = (int)Math.Round(Math.Clamp(progress, 0, 1) * width);
        return new string('█', filled) + new string('░', width - filled);
    }

    internal (BroadcastContent Content, string? Topic) ReadMessageFile(string path, string text)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".yaml" or ".yml"))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new FormatException($"{path} is empty");
            }

            var same = new BroadcastMessage(text.Trim(), []);
            return (new BroadcastContent(locales.Default, locales.All.ToDictionary(l => l, _ => same)), null);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{path}:{e.Start.Line}: invalid YAML");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException($"{path}:1: expected 'text' (per language) and optional 'links' and 'topic'");
        }

        string? Scalar(YamlNode? n) => (n as YamlScalarNode)?.Value;
        YamlNode? Child(YamlMappingNode m, string k) => m.Children.TryGetValue(new YamlScalarNode(k), out var n) ? n : null;

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (Child(root, "text"))
        {
            case YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value):
                foreach (var l in locales.All)
                {
                    texts[l] = s.Value!.Trim();
                }

                break;
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    if (Scalar(k) is { } lang && !string.IsNullOrWhiteSpace(Scalar(v)))
                    {
                        texts[lang] = Scalar(v)!.Trim();
                    }
                }

                break;
        }

        if (!texts.ContainsKey(locales.Default))
        {
            throw new FormatException($"{path}:{root.Start.Line}: 'text' needs at least the default language '{locales.Default}'");
        }

        var links = new List<(YamlNode Label, string Url)>();
        if (Child(root, "links") is YamlSequenceNode list)
        {
            foreach (var item in list.Children.OfType<YamlMappingNode>())
            {
                var url = Scalar(Child(item, "url"));
                if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                {
                    throw new FormatException($"{path}:{item.Start.Line}: each link needs an https url");
                }

                links.Add((Child(item, "label") ?? new YamlScalarNode(url), url));
            }
        }

        var messages = texts.ToDictionary(
            t => t.Key,
            t => new BroadcastMessage(t.Value, links.Select(l => new BroadcastLink(
                l.Label is YamlMappingNode m ? Scalar(Child(m, t.Key)) ?? Scalar(Child(m, locales.Default)) ?? l.Url : Scalar(l.Label) ?? l.Url,
                l.Url)).ToArray()));
        return (new BroadcastContent(locales.Default, messages), Scalar(Child(root, "topic")));
    }

    private static async Task WriteReplyAsync(Reply reply, TextWriter output)
    {
        foreach (var message in reply.Messages)
        {
            await output.WriteLineAsync(Engine.Replies.Markup.ToPlainText(message.Text));
            foreach (var link in message.Links)
            {
                await output.WriteLineAsync($"[{link.Label}] {link.Url}");
            }
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
