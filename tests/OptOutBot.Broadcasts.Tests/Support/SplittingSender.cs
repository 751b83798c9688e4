using System.Collections.Concurrent;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Broadcasts.Tests.Support;

/// <summary>
/// Renders every reply as <c>parts</c> platform calls, like an adapter splitting a long reminder, and behaves as the
/// real senders do: one attempt per part, the lane's pacer awaited before every part after the first of the call.
/// </summary>
internal sealed class SplittingSender(string channel, int parts, TimeProvider time, Func<string, int, int, SendResult>? respond = null) : IChannelSender
{
    private readonly ConcurrentDictionary<(string, int), int> _tries = new();

    /// <summary>Every platform call, in the order the platform got them.</summary>
    public ConcurrentQueue<(string Address, int Part, DateTimeOffset At)> Calls { get; } = new();

    /// <summary>The parts the platform accepted.</summary>
    public ConcurrentQueue<(string Address, int Part)> Delivered { get; } = new();

    public string Channel => channel;

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken)
    {
        for (var part = firstPart; part < parts; part++)
        {
            if (part > firstPart)
            {
                await pacer.WaitForNextCallAsync(cancellationToken);
            }

            Calls.Enqueue((address.Value, part, time.GetUtcNow()));
            var attempt = _tries.AddOrUpdate((address.Value, part), 1, (_, n) => n + 1);
            var result = respond?.Invoke(address.Value, part, attempt) ?? SendResult.Delivered;
            if (result is not SendResult.DeliveredResult)
            {
                return result with { PartsSent = part };
            }

            Delivered.Enqueue((address.Value, part));
        }

        return SendResult.Delivered;
    }
}
