using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Rendering;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Sending;

/// <summary>
/// Proactive messages (reminders, announcements). One attempt per message, never retried here: a send that timed out
/// may have arrived, and only the broadcast lane decides whether to send again. Nor paced here: Telegram's limits
/// (30/s, 1/s per chat, 20/min per group) are the lane's Broadcasts:Limits:telegram, applied to every part through the
/// pacer it hands over, so there is one set of numbers and one wait. A 429 is returned as
/// <see cref="SendResult.RetryAfter"/> for the lane to reschedule, a blocked bot or vanished chat as
/// <see cref="SendResult.RecipientGone"/>, 5xx and timeouts as transient <see cref="SendResult.Failed"/>.
/// </summary>
internal sealed class TelegramSender(TelegramApiClient api, TelegramRenderer renderer) : IChannelSender
{
    public string Channel => TelegramUpdateHandler.Channel;

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken)
    {
        if (address.Channel != Channel || !TelegramAddress.TryParse(address.Value, out var chatId, out var threadId))
        {
            return new SendResult.Failed("not a Telegram address", Transient: false);
        }

        var parts = renderer.Render(reply);
        firstPart = Math.Max(0, firstPart);
        for (var part = firstPart; part < parts.Count; part++)
        {
            var message = parts[part];
            if (part > firstPart)
            {
                await pacer.WaitForNextCallAsync(cancellationToken).ConfigureAwait(false);
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
