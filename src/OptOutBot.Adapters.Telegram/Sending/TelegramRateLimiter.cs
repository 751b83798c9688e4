namespace OptOutBot.Adapters.Telegram.Sending;

/// <summary>
/// Telegram's advice for bulk sends, as reservations in time: about 30 messages/s overall, 1/s per chat and 20/min per
/// group. <see cref="Reserve"/> books the earliest slot that respects all three and says how long to wait for it.
/// </summary>
internal sealed class TelegramRateLimiter(TimeProvider time)
{
    internal static readonly TimeSpan GlobalInterval = TimeSpan.FromSeconds(1.0 / 30);
    internal static readonly TimeSpan ChatInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(1);
    internal const int GroupMessagesPerWindow = 20;

    private readonly object _gate = new();
    private readonly Dictionary<long, ChatSlots> _chats = [];
    private DateTimeOffset _nextGlobal = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Books a slot for one message to <paramref name="chatId"/>; returns the wait, or null (nothing booked) when it exceeds <paramref name="maxWait"/>.</summary>
    public TimeSpan? Reserve(long chatId, TimeSpan maxWait)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Prune(now);
            if (!_chats.TryGetValue(chatId, out var chat))
            {
                chat = new ChatSlots();
                _chats[chatId] = chat;
            }

            var at = Max(now, Max(_nextGlobal, chat.Next));
            // Negative ids are groups, supergroups and channels.
            if (chatId < 0)
            {
                while (chat.Recent.Count > 0 && chat.Recent.Peek() <= at - GroupWindow)
                {
                    chat.Recent.Dequeue();
                }

                if (chat.Recent.Count >= GroupMessagesPerWindow)
                {
                    at = Max(at, chat.Recent.ElementAt(chat.Recent.Count - GroupMessagesPerWindow) + GroupWindow);
                }
            }

            var wait = at - now;
            if (wait > maxWait)
            {
                return null;
            }

            _nextGlobal = at + GlobalInterval;
            chat.Next = at + ChatInterval;
            if (chatId < 0)
            {
                chat.Recent.Enqueue(at);
            }

            return wait;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (now - _lastPrune < GroupWindow)
        {
            return;
        }

        _lastPrune = now;
        foreach (var (id, slots) in _chats)
        {
            if (slots.Next < now - GroupWindow && (slots.Recent.Count == 0 || slots.Recent.Last() < now - GroupWindow))
            {
                _chats.Remove(id);
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class ChatSlots
    {
        public DateTimeOffset Next { get; set; } = DateTimeOffset.MinValue;

        public Queue<DateTimeOffset> Recent { get; } = new();
    }
}
