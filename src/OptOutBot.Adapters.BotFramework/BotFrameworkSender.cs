using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.BotFramework.Connector;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;
using Polly;
using Polly.Retry;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>
/// Proactive messages (reminders) to a stored conversation reference. Retries 429, 412, 502 and 504 a few times with
/// backoff, honouring Retry-After; a longer wait is handed back to the dispatcher as <see cref="SendResult.RetryAfter"/>.
/// </summary>
internal sealed class BotFrameworkSender : IChannelSender
{
    /// <summary>Waits longer than this are the dispatcher's business, not a blocked send's.</summary>
    internal static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(30);

    private readonly ConnectorClient _connector;
    private readonly ConversationReferenceCodec _references;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<BotFrameworkSender> _logger;
    private readonly ResiliencePipeline<ConnectorResponse> _pipeline;

    public BotFrameworkSender(ConnectorClient connector, ConversationReferenceCodec references, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkSender> logger)
        : this(connector, references, options, time, logger, TimeSpan.FromSeconds(1))
    {
    }

    internal BotFrameworkSender(ConnectorClient connector, ConversationReferenceCodec references, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkSender> logger, TimeSpan baseDelay)
    {
        _connector = connector;
        _references = references;
        _options = options.Value;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<ConnectorResponse> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ConnectorResponse>
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutException } => true,
                    { Result: var r } => IsRetryable(r.Status) && (r.RetryAfter is null || r.RetryAfter <= MaxInlineWait),
                }),
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result.RetryAfter),
            })
            .Build();
    }

    public string Channel => BotFrameworkEndpoint.ChannelName;

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, CancellationToken cancellationToken = default)
    {
        if (_references.Decode(address.Value) is not var (reference, trusted))
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
            Log.UntrustedReference(_logger);
            return new SendResult.Failed("conversation reference not sealed by this bot", Transient: false);
        }

        var activities = BotFrameworkRenderer.Render(reply, new RenderTarget(reference.ChannelId, reference.IsGroup ? null : reference.UserId, reference.Locale), _options.MaxMessageLength);
        var conversation = new ConversationAccount { Id = reference.ConversationId, IsGroup = reference.IsGroup ? true : null, TenantId = reference.TenantId };
        foreach (var activity in activities)
        {
            activity.From = reference.BotId is null ? null : new ChannelAccount { Id = reference.BotId };
            activity.Recipient = reference.IsGroup || reference.UserId is null ? null : new ChannelAccount { Id = reference.UserId };
            activity.Conversation = conversation;
            var result = await SendOneAsync(reference, activity, trusted, cancellationToken).ConfigureAwait(false);
            if (result is not SendResult.DeliveredResult)
            {
                return result;
            }
        }

        return SendResult.Delivered;
    }

    private async ValueTask<SendResult> SendOneAsync(StoredReference reference, OutboundActivity activity, bool trusted, CancellationToken cancellationToken)
    {
        ConnectorResponse response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Connector.SendAsync(state.Reference.ServiceUrl, state.Reference.ConversationId, null, state.Activity, state.Trusted, ct).ConfigureAwait(false),
                (Connector: _connector, Reference: reference, Activity: activity, Trusted: trusted),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.ReplyFailed(_logger, ex);
            return new SendResult.Failed("Connector unreachable or too slow", Transient: true);
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

    private static bool IsRetryable(HttpStatusCode status) => (int)status is 429 or 412 or 502 or 504;
}
