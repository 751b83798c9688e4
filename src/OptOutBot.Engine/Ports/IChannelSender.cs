using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Ports;

/// <summary>Sends a proactive message (a reminder, an announcement) on one platform. One implementation per adapter.</summary>
public interface IChannelSender
{
    /// <summary>The channel id this sender serves ("telegram", "discord", "botframework").</summary>
    string Channel { get; }

    ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the reply's parts (as this platform splits it) from <paramref name="firstPart"/> on (0-based): the lane's
    /// retry of a multi-part message whose first parts already went out. Still one attempt per part, never retried
    /// here. A sender that splits a reply reports, on any result but Delivered, <see cref="SendResult.PartsSent"/>;
    /// one that never does is never asked for a later part (this default sends the whole reply).
    /// </summary>
    ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, CancellationToken cancellationToken) =>
        SendAsync(address, reply, cancellationToken);
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
