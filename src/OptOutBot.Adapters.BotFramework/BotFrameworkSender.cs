using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.BotFramework.Connector;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Adapters.Http;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>
/// Proactive messages (reminders) to a stored conversation reference. One attempt per activity, classified as a
/// <see cref="SendResult"/> (429 → RetryAfter with the Connector's wait; 412, 5xx, timeouts → transient); retries,
/// backoff and pacing are the broadcast lane's: every activity after the first waits for the lane's pacer.
/// </summary>
internal sealed class BotFrameworkSender(ConnectorClient connector, ConversationReferenceCodec references, IOptions<BotFrameworkOptions> options, ILogger<BotFrameworkSender> logger) : IChannelSender
{
    private readonly BotFrameworkOptions _options = options.Value;

    public string Channel => BotFrameworkEndpoint.ChannelName;

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken)
    {
        if (references.Decode(address.Value) is not var (reference, trusted))
        {
            return new SendResult.Failed("unreadable Bot Framework conversation reference", Transient: false);
        }

        // An unsealed reference came from an unauthenticated local activity (or was sealed with a secret since rotated):
        // our token only goes to Microsoft's own channel hosts then, and nothing at all goes anywhere but there or this machine.
        if (!trusted && _options.HasAppId && _options.IsTrustedServiceHost(reference.ServiceUrl))
        {
            trusted = true;
        }
        else if (!trusted && !(Uri.TryCreate(reference.ServiceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback))
        {
            Log.UntrustedReference(logger);
            return new SendResult.Failed("conversation reference not sealed by this bot", Transient: false);
        }

        var activities = BotFrameworkRenderer.Render(reply, new RenderTarget(reference.ChannelId, reference.IsGroup ? null : reference.UserId, reference.Locale), _options.MaxMessageLength);
        var conversation = new ConversationAccount { Id = reference.ConversationId, IsGroup = reference.IsGroup ? true : null, TenantId = reference.TenantId };
        firstPart = Math.Max(0, firstPart);
        for (var part = firstPart; part < activities.Count; part++)
        {
            if (part > firstPart)
            {
                await pacer.WaitForNextCallAsync(cancellationToken).ConfigureAwait(false);
            }

            var activity = activities[part];
            activity.From = reference.BotId is null ? null : new ChannelAccount { Id = reference.BotId };
            activity.Recipient = reference.IsGroup || reference.UserId is null ? null : new ChannelAccount { Id = reference.UserId };
            activity.Conversation = conversation;
            var result = await SendOneAsync(reference, activity, trusted, cancellationToken).ConfigureAwait(false);
            if (result is not SendResult.DeliveredResult)
            {
                return result with { PartsSent = part };
            }
        }

        return SendResult.Delivered;
    }

    private async ValueTask<SendResult> SendOneAsync(StoredReference reference, OutboundActivity activity, bool trusted, CancellationToken cancellationToken)
    {
        ConnectorResponse response;
        try
        {
            response = await connector.SendAsync(reference.ServiceUrl, reference.ConversationId, null, activity, trusted, proactive: true, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Log.ReplyFailed(logger, ex);
            return new SendResult.Failed(ex.IsTimeout() ? "Connector too slow" : "Connector unreachable", Transient: true);
        }

        return Classify(response);
    }

    internal static SendResult Classify(ConnectorResponse response) => (int)response.Status switch
    {
        >= 200 and < 300 => SendResult.Delivered,
        429 => new SendResult.RetryAfter(response.RetryAfter ?? TimeSpan.FromSeconds(5)),
        403 or 404 => new SendResult.RecipientGone($"Connector answered {(int)response.Status}"),
        401 => new SendResult.Failed("Connector answered 401: check BotFramework:MicrosoftAppId and MicrosoftAppPassword", Transient: false),
        412 or >= 500 => new SendResult.Failed($"Connector answered {(int)response.Status}", Transient: true),
        _ => new SendResult.Failed($"Connector answered {(int)response.Status}", Transient: false),
    };
}
