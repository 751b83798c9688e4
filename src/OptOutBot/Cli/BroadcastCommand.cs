using System.CommandLine;
using OptOutBot.Broadcasts.Cli;
using OptOutBot.Hosting;

namespace OptOutBot.Cli;

/// <summary><c>optoutbot broadcast send | preview | status</c>: writes to the shared store; the serving host delivers.</summary>
internal static class BroadcastCommand
{
    public static Command Create()
    {
        var messageFile = new Option<string>("--message-file") { Description = "Markup file (same text for every language) or YAML with text: {fr, en}, links, topic.", Required = true };
        var topic = new Option<string?>("--topic") { Description = "Only subscribers of this topic (e.g. meta) and of everything." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show recipients and text; queue nothing." };
        var send = new Command("send", "Queue an announcement to subscribers.") { messageFile, topic, dryRun };
        send.SetAction(async (parse, ct) =>
        {
            await using var app = BotHost.Build(forVerb: true);
            return await app.Services.GetRequiredService<BroadcastCommands>()
                .SendAsync(parse.GetValue(messageFile)!, parse.GetValue(topic), parse.GetValue(dryRun), Console.Out, ct).ConfigureAwait(false);
        });

        var eventId = new Argument<string>("event") { Description = "An event id from dialogs/deadlines.yaml." };
        var lang = new Option<string?>("--lang") { Description = "Language of the text to show (default: the content's default language)." };
        var preview = new Command("preview", "Show an event's reminders (due times, state) and text.") { eventId, lang };
        preview.SetAction(async (parse, ct) =>
        {
            await using var app = BotHost.Build(forVerb: true);
            return await app.Services.GetRequiredService<BroadcastCommands>()
                .PreviewAsync(parse.GetValue(eventId)!, parse.GetValue(lang), Console.Out, ct).ConfigureAwait(false);
        });

        var follow = new Option<bool>("--follow") { Description = "Refresh every second until every broadcast is finished." };
        var status = new Command("status", "Per-broadcast progress: queued, sent, retried, gone, failed.") { follow };
        status.SetAction(async (parse, ct) =>
        {
            await using var app = BotHost.Build(forVerb: true);
            return await app.Services.GetRequiredService<BroadcastCommands>()
                .StatusAsync(Console.Out, parse.GetValue(follow), cancellationToken: ct).ConfigureAwait(false);
        });

        return new Command("broadcast", "Deadline reminders and announcements.") { send, preview, status };
    }
}
