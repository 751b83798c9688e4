using System.Collections.Concurrent;

namespace OptOutBot.Storage;

/// <summary>
/// The turns this process is running or has just answered inline, by (channel, update id), for both update logs: an
/// inline answer's text (it names the chat) is kept here, never in a table, so it costs no write (no page of reply
/// text per update, which is what made the SQLite webhook slow) and /forget has nothing to find; a redelivery to this
/// process gets the same answer back while it is kept. Entries leave after <see cref="KeepFor"/> or beyond
/// <see cref="Capacity"/>; a redelivery after that, after a restart or on another host finds a row without its text,
/// so the turn is taken over and run again: the person still gets an answer, never silence. On SQLite (one instance)
/// this is also where a running turn is known, so a running turn never leaves for lack of room: only answered ones do.
/// </summary>
/// <remarks>
/// The capacity is small on purpose. Kept answers (a few KB each) that outlive a gen0 collection are promoted and then
/// die old, the costliest garbage there is: with 10,000 kept, the Telegram webhook's p99 under load doubled (22–26 ms
/// against 11–12.5 ms with 256, wrk -c32 on 2 cores). At 12,000 updates a second 256 answers last ~20 ms; at the
/// pace of a real bot they last minutes, which is when Telegram redelivers.
/// </remarks>
internal sealed class RecentTurns(TimeProvider time)
{
    public const int Capacity = 256;

    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Channel, string UpdateId), Turn> _turns = new();
    private readonly ConcurrentQueue<((string Channel, string UpdateId) Key, Turn Turn)> _order = new();

    /// <summary>The turn, unless it is older than <see cref="KeepFor"/> (then it is as good as gone).</summary>
    public bool TryGet(string channel, string updateId, out Turn turn) =>
        _turns.TryGetValue((channel, updateId), out turn!) && turn.StartedAt >= Now() - (long)KeepFor.TotalMilliseconds;

    /// <summary>Milliseconds since the turn started.</summary>
    public long Elapsed(Turn turn) => Now() - turn.StartedAt;

    /// <summary>A turn starts here (first delivery, or taken over).</summary>
    public void Start(string channel, string updateId)
    {
        var key = (channel, updateId);
        var turn = new Turn(Now());
        _turns[key] = turn;
        _order.Enqueue((key, turn));
        Trim();
    }

    public void Forget(string channel, string updateId) => _turns.TryRemove((channel, updateId), out _);

    private void Trim()
    {
        var oldest = Now() - (long)KeepFor.TotalMilliseconds;
        var spared = 0;
        while (_order.TryPeek(out var head) && (_order.Count > Capacity || head.Turn.StartedAt < oldest))
        {
            _order.TryDequeue(out _);
            if (head.Turn.StartedAt >= oldest && head.Turn.Answer is null && IsCurrent(head.Key, head.Turn) && spared++ < Capacity)
            {
                // Still running (or answered through the API): forgetting it would let a redelivery start it again.
                _order.Enqueue(head);
                continue;
            }

            // Only this start's entry: a take-over may have replaced it with a newer one.
            _turns.TryRemove(new KeyValuePair<(string, string), Turn>(head.Key, head.Turn));
        }
    }

    private bool IsCurrent((string, string) key, Turn turn) => _turns.TryGetValue(key, out var current) && ReferenceEquals(current, turn);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    internal sealed class Turn(long startedAt)
    {
        /// <summary>Unix milliseconds.</summary>
        public long StartedAt { get; } = startedAt;

        /// <summary>A redelivery came while the turn ran: the first request is gone, the answer must go through the API.</summary>
        public volatile bool Redelivered;

        /// <summary>Set once the turn answered inline; null while it runs.</summary>
        public volatile string? Answer;
    }
}
