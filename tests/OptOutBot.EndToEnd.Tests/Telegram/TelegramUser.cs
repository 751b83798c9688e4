using System.Text.Json.Nodes;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// One person talking to the bot through the emulator: each action waits until the bot's answer has arrived and
/// settled (new messages, or the pressed message edited in place) and returns what changed.
/// </summary>
internal sealed class TelegramUser(TelegramEmulator emulator, long userId, string? languageCode = "fr", long? groupId = null)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan NoChangeAfter = TimeSpan.FromSeconds(3);

    private JsonObject From => languageCode is null
        ? new() { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Test" }
        : new() { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Test", ["language_code"] = languageCode };

    private long ChatId => groupId ?? userId;

    private JsonObject Chat => groupId is { } g
        ? new JsonObject { ["id"] = g, ["type"] = "group", ["title"] = "Test group" }
        : new JsonObject { ["id"] = userId, ["type"] = "private", ["first_name"] = "Test" };

    /// <summary>The last bot messages this user received or saw edited.</summary>
    public IReadOnlyList<BotMessage> LastReply { get; private set; } = [];

    public Task<IReadOnlyList<BotMessage>> SayAsync(string text) => ActAsync(() => emulator.SendMessageAsync(From, Chat, text));

    public Task<IReadOnlyList<BotMessage>> CommandAsync(string text) => ActAsync(() => emulator.SendCommandAsync(From, Chat, text));

    /// <summary>Presses the button with this label on the last reply.</summary>
    public Task<IReadOnlyList<BotMessage>> PressAsync(string label)
    {
        var message = LastReply.LastOrDefault(m => m.Buttons.Any(b => b.Label == label && b.Data is not null))
            ?? throw new InvalidOperationException($"no button '{label}' in the last reply: {string.Join(", ", LastReply.SelectMany(m => m.Buttons).Select(b => b.Label))}");
        var data = message.Buttons.First(b => b.Label == label).Data!;
        return ActAsync(() => emulator.SendCallbackAsync(From, Chat, message.MessageId, data), message);
    }

    /// <summary>Sends something and expects silence (e.g. group chatter not addressed to the bot).</summary>
    public async Task<IReadOnlyList<BotMessage>> SayExpectingNothingAsync(string text)
    {
        var before = await SnapshotAsync();
        await emulator.SendMessageAsync(From, Chat, text);
        await Task.Delay(Settle * 2);
        return Changes(before, await emulator.BotMessagesAsync(ChatId));
    }

    /// <param name="pressed">The message whose button was pressed: when the engine answered but nothing changed on
    /// screen (the edit repeated the same text), that message is the reply.</param>
    private async Task<IReadOnlyList<BotMessage>> ActAsync(Func<Task> act, BotMessage? pressed = null)
    {
        var before = await SnapshotAsync();
        var started = DateTime.UtcNow;
        await act();
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<BotMessage> changes = [];
        var lastChange = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var now = Changes(before, await emulator.BotMessagesAsync(ChatId));
            if (now.Count != changes.Count || !now.Select(m => m.Snapshot).SequenceEqual(changes.Select(m => m.Snapshot)))
            {
                changes = now;
                lastChange = DateTime.UtcNow;
            }
            else if (changes.Count > 0 && DateTime.UtcNow - lastChange >= Settle)
            {
                break;
            }

            // A press whose edit repeated the same text changes nothing on screen: after a while it counts as answered.
            if (changes.Count == 0 && pressed is not null && DateTime.UtcNow - started > NoChangeAfter)
            {
                changes = [pressed];
                break;
            }
        }

        if (changes.Count == 0)
        {
            throw new TimeoutException("the bot did not answer within " + Patience);
        }

        LastReply = changes;
        return changes;
    }

    private async Task<Dictionary<long, string>> SnapshotAsync() =>
        (await emulator.BotMessagesAsync(ChatId)).ToDictionary(m => m.MessageId, m => m.Snapshot);

    private static List<BotMessage> Changes(Dictionary<long, string> before, List<BotMessage> after) =>
        after.Where(m => !before.TryGetValue(m.MessageId, out var old) || old != m.Snapshot).ToList();
}
