using System.Collections.Concurrent;
using OptOutBot.Adapters.Discord.Interactions;
using OptOutBot.Adapters.Discord.Rest;
using OptOutBot.Adapters.Discord.Rest.Requests;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Discord;

/// <summary>
/// Proactive messages (reminders) to a server channel ("channel:ID") or a person's DM ("user:ID"). One attempt per
/// message, classified as a <see cref="SendResult"/>; retries, backoff and pacing are the broadcast lane's, so every
/// request after the first (the message parts after opening a DM, or after the first part) waits for its pacer.
/// </summary>
internal sealed class DiscordSender(DiscordApiClient api, IContentCatalog catalog) : IChannelSender
{
    private readonly ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);

    public string Channel => InteractionHandler.Channel;

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken)
    {
        firstPart = Math.Max(0, firstPart);
        var requests = 0;
        string channelId;
        if (address.Value.StartsWith(DiscordAddress.ChannelPrefix, StringComparison.Ordinal))
        {
            channelId = address.Value[DiscordAddress.ChannelPrefix.Length..];
        }
        else if (address.Value.StartsWith(DiscordAddress.UserPrefix, StringComparison.Ordinal))
        {
            var userId = address.Value[DiscordAddress.UserPrefix.Length..];
            if (!_dmChannels.TryGetValue(userId, out var dm))
            {
                requests++;
                var opened = await api.SendAsync(new CreateDm(userId) { Proactive = true }, cancellationToken).ConfigureAwait(false);
                if (!opened.Response.IsOk)
                {
                    return ToResult(opened.Response) with { PartsSent = firstPart };
                }

                dm = opened.Value?.Id;
                if (string.IsNullOrEmpty(dm))
                {
                    return new SendResult.Failed("no DM channel id in Discord's answer", Transient: true) { PartsSent = firstPart };
                }

                _dmChannels[userId] = dm;
            }

            channelId = dm;
        }
        else
        {
            return new SendResult.Failed("not a Discord address: expected channel:ID or user:ID", Transient: false);
        }

        if (channelId.Length == 0 || !channelId.All(char.IsAsciiDigit))
        {
            return new SendResult.Failed("not a Discord id", Transient: false);
        }

        var parts = DiscordRenderer.Render(reply, DiscordLabels.For(catalog, reply.Locale), ephemeral: false, offerShare: false).ToList();
        for (var part = firstPart; part < parts.Count; part++)
        {
            // Opening the DM is a request too, and counts against Discord's global limit like a message.
            if (requests++ > 0)
            {
                await pacer.WaitForNextCallAsync(cancellationToken).ConfigureAwait(false);
            }

            var sent = await api.SendAsync(new CreateMessage(channelId, parts[part]) { Proactive = true }, cancellationToken).ConfigureAwait(false);
            if (!sent.IsOk)
            {
                return ToResult(sent) with { PartsSent = part };
            }
        }

        return SendResult.Delivered;
    }

    private static SendResult ToResult(DiscordResponse response) => response.Outcome switch
    {
        DiscordOutcome.RateLimited => new SendResult.RetryAfter(response.RetryAfter, response.Global),
        DiscordOutcome.Gone => new SendResult.RecipientGone(response.Reason),
        _ => new SendResult.Failed(response.Reason, response.Transient),
    };
}
