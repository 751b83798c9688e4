using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Rendering;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Sending;

/// <summary>
/// Proactive messages (reminders, announcements) within Telegram's limits. One attempt per message, never retried
/// here: a send that timed out may have arrived, and only the broadcast lane decides whether to send again. A 429 is
/// returned as <see cref="SendResult.RetryAfter"/> for the lane to reschedule, a blocked bot or vanished chat as
/// <see cref="SendResult.RecipientGone"/>, 5xx and timeouts as transient <see cref="SendResult.Failed"/>.
/// </summary>
internal sealed class TelegramSender(
    TelegramApiClient api,
    TelegramRenderer renderer,
    TelegramRateLimiter limiter,
    TimeProvider time) : IChannelSender
{
    /// <summary>The longest the sender waits for a slot itself; beyond it the caller is told to come back later.</summary>
    internal static readonly TimeSpan MaxSlotWait = TimeSpan.FromSeconds(30);

    public string Channel => TelegramUpdateHandler.Channel;

    public ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, CancellationToken cancellationToken = default) =>
        SendAsync(address, reply, 0, cancellationToken);

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, CancellationToken cancellationToken)
    {
        if (address.Channel != Channel || !TelegramAddress.TryParse(address.Value, out var chatId, out var threadId))
        {
            return new SendResult.Failed("not a Telegram address", Transient: false);
        }

        var parts = renderer.Render(reply);
        for (var part = Math.Max(0, firstPart); part < parts.Count; part++)
        {
            var message = parts[part];
            if (limiter.Reserve(chatId, MaxSlotWait) is not { } wait)
            {
                return new SendResult.RetryAfter(MaxSlotWait) { PartsSent = part };
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            var sent = await api.SendOnceAsync(TelegramAddress.ToSendMessage(message, chatId, threadId), cancellationToken).ConfigureAwait(false);
            if (sent.Error is { } error)
            {
                return error.ToSendResult() with { PartsSent = part };
            }

            if (sent.MigratedToChatId is { } moved)
            {
                // The rest goes to the supergroup; the subscription keeps the old id until the dispatcher learns it.
                chatId = moved;
            }
        }

        return SendResult.Delivered;
    }
}
