using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Ports;

/// <summary>Sends a proactive message (a reminder, an announcement) on one platform. One implementation per adapter.</summary>
public interface IChannelSender
{
    /// <summary>The channel id this sender serves ("telegram", "discord", "botframework").</summary>
    string Channel { get; }

    ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, CancellationToken cancellationToken = default);
}

/// <summary>How a send ended. Expected failures are values; exceptions are for bugs.</summary>
public abstract record SendResult
{
    public static readonly SendResult Delivered = new DeliveredResult();

    public sealed record DeliveredResult : SendResult;

    /// <summary>The platform asked us to wait (429 / Retry-After); <paramref name="Global"/> when the whole bot must pause.</summary>
    public sealed record RetryAfter(TimeSpan Delay, bool Global = false) : SendResult;

    /// <summary>The recipient cannot be reached any more (blocked the bot, chat deleted, access lost): unsubscribe them.</summary>
    public sealed record RecipientGone(string Reason) : SendResult;

    /// <summary>Anything else; <paramref name="Transient"/> when a retry may succeed (5xx, timeout).</summary>
    public sealed record Failed(string Reason, bool Transient) : SendResult;
}
