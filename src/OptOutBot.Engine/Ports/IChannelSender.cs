using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Ports;

/// <summary>Sends a proactive message (a reminder, an announcement) on one platform. One implementation per adapter.</summary>
public interface IChannelSender
{
    /// <summary>The channel id this sender serves ("telegram", "discord", "botframework").</summary>
    string Channel { get; }

    /// <summary>
    /// Sends the reply's parts (as this platform splits it) from <paramref name="firstPart"/> on (0-based; above 0 for
    /// the lane's retry of a multi-part message whose first parts already went out). One attempt per part, never
    /// retried here, and never a wait of the sender's own: before every platform call after the first one it makes,
    /// it awaits <paramref name="pacer"/>, so the lane's limiters count each part. A sender that splits a reply
    /// reports, on any result but Delivered, <see cref="SendResult.PartsSent"/>; one that never does is only ever
    /// asked for part 0.
    /// </summary>
    ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken);
}

public static class ChannelSenderExtensions
{
    /// <summary>The whole reply, unpaced (<see cref="SendPacer.None"/>): for a caller outside the broadcast lane.</summary>
    public static ValueTask<SendResult> SendAsync(this IChannelSender sender, ChannelAddress address, Reply reply, CancellationToken cancellationToken = default) =>
        sender.SendAsync(address, reply, 0, SendPacer.None, cancellationToken);
}

/// <summary>How a send ended. Expected failures are values; exceptions are for bugs.</summary>
public abstract record SendResult
{
    /// <summary>
    /// On a result other than Delivered: how many leading parts of a multi-part reply the platform accepted (counted
    /// from the first part of the reply, not of this call), so a retry starts at the first unsent one.
    /// </summary>
    public int PartsSent { get; init; }

    public static readonly SendResult Delivered = new DeliveredResult();

    public sealed record DeliveredResult : SendResult;

    /// <summary>The platform asked us to wait (429 / Retry-After); <paramref name="Global"/> when the whole bot must pause.</summary>
    public sealed record RetryAfter(TimeSpan Delay, bool Global = false) : SendResult;

    /// <summary>The recipient cannot be reached any more (blocked the bot, chat deleted, access lost): unsubscribe them.</summary>
    public sealed record RecipientGone(string Reason) : SendResult;

    /// <summary>Anything else; <paramref name="Transient"/> when a retry may succeed (5xx, timeout).</summary>
    public sealed record Failed(string Reason, bool Transient) : SendResult;
}
