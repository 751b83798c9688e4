using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.BotFramework.Auth;
using OptOutBot.Adapters.BotFramework.Connector;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>
/// <c>POST /api/messages</c>: authenticate the caller from the header alone, then read the activity, check it against
/// the token, hand messages to the engine and send the reply activities to the conversation's Connector before answering 200.
/// </summary>
internal sealed class BotFrameworkEndpoint(
    ActivityAuthenticator authenticator,
    TurnGuard guard,
    ConnectorClient connector,
    ConversationReferenceCodec references,
    IOptions<BotFrameworkOptions> options,
    ILogger<BotFrameworkEndpoint> logger,
    IUpdateLog? updateLog = null)
{
    public const string Route = "/api/messages";
    internal const string ChannelName = "botframework";
    private const long MaxBodyBytes = 256 * 1024;
    private readonly BotFrameworkOptions _options = options.Value;

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var headers = context.Request.Headers;
        var forwarded = headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Forwarded-Host") || headers.ContainsKey("X-Real-IP");
        var caller = await authenticator.AuthenticateAsync(headers.Authorization.ToString(), context.Connection.RemoteIpAddress, forwarded, cancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!Http.RequestBodyLimit.Admit(context, MaxBodyBytes))
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        InboundActivity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync(context.Request.Body, BotFrameworkJsonContext.Default.InboundActivity, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // 413 when the body passed the limit while being read (no Content-Length), else 400.
            context.Response.StatusCode = ex.StatusCode;
            return;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (activity?.Type is not { Length: > 0 } type)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (!authenticator.IsAllowed(caller, activity))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var trusted = caller.Kind != CallerKind.AnonymousLocal;
        switch (type)
        {
            case "message":
                if (activity.Conversation?.Id is not { Length: > 0 } || activity.From?.Id is not { Length: > 0 } || string.IsNullOrEmpty(activity.ServiceUrl))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                if (await IsRedeliveryAsync(activity, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                await RunTurnAsync(activity, activity.From.Id, ToInput(activity), trusted, cancellationToken).ConfigureAwait(false);
                break;
            case "conversationUpdate":
                if (WelcomeFor(activity) is { } userId && !string.IsNullOrEmpty(activity.ServiceUrl) && activity.Conversation?.Id is { Length: > 0 })
                {
                    await RunTurnAsync(activity, userId, new CommandInput("start"), trusted, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                // typing, invoke, event, installationUpdate, messageReaction, …: acknowledged, nothing to do.
                Log.ActivityIgnored(logger, type);
                break;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task RunTurnAsync(InboundActivity activity, string userId, MessageInput input, bool trusted, CancellationToken cancellationToken)
    {
        var conversation = activity.Conversation!;
        var channelId = activity.ChannelId ?? string.Empty;
        var isGroup = conversation.IsGroup == true;
        var reference = new StoredReference
        {
            ServiceUrl = activity.ServiceUrl!,
            ConversationId = conversation.Id!,
            ChannelId = channelId,
            BotId = activity.Recipient?.Id,
            UserId = userId,
            TenantId = conversation.TenantId ?? TenantFromChannelData(activity.ChannelData),
            IsGroup = isGroup,
            Locale = activity.Locale,
        };
        var message = new InboundMessage(ChannelName, conversation.Id!, userId, input, string.IsNullOrEmpty(activity.Locale) ? null : activity.Locale)
        {
            Scope = isGroup ? ConversationScope.Group : ConversationScope.Private,
            ReplyAddress = new ChannelAddress(ChannelName, references.Encode(reference, trusted)),
        };

        var result = await guard.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OutboundActivity> replies;
        try
        {
            replies = BotFrameworkRenderer.Render(result.Reply, new RenderTarget(channelId, userId, ReplyLocale(activity.Locale, result.Locale)), _options.MaxMessageLength);
        }
        catch (Exception e)
        {
            result = guard.Failed(ChannelName, activity.Locale, e);
            replies = BotFrameworkRenderer.Render(result.Reply, new RenderTarget(channelId, userId, ReplyLocale(activity.Locale, result.Locale)), _options.MaxMessageLength);
        }
        var replyConversation = new ConversationAccount { Id = conversation.Id, IsGroup = conversation.IsGroup, ConversationType = conversation.ConversationType, TenantId = conversation.TenantId };
        foreach (var reply in replies)
        {
            reply.From = activity.Recipient;
            reply.Recipient = activity.From is { } from ? new ChannelAccount { Id = from.Id, Name = from.Name, Role = from.Role } : null;
            reply.Conversation = replyConversation;
            reply.ReplyToId = activity.Id;
            try
            {
                var response = await connector.SendAsync(activity.ServiceUrl!, conversation.Id!, activity.Id, reply, trusted, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccess)
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The turn is done (state saved); a failed reply (an unreachable or unusable serviceUrl) is ours to log,
                // not the channel's to redeliver.
                Log.ReplyFailed(logger, ex);
                break;
            }
        }
    }

    /// <summary>The channel's own tag ("fr-FR") when the answer is in that language; else the answer's language (after /language).</summary>
    internal static string? ReplyLocale(string? activityLocale, string answerLocale) =>
        string.IsNullOrEmpty(activityLocale) ? null
        : activityLocale.Equals(answerLocale, StringComparison.OrdinalIgnoreCase) || activityLocale.StartsWith(answerLocale + "-", StringComparison.OrdinalIgnoreCase) ? activityLocale
        : answerLocale;

    /// <summary>
    /// Activity ids are unique within a conversation, not across channels: the key names both. The conversation id names
    /// a person's chat, so the log keeps only a digest of it (ids of this kind are long random strings: not guessable).
    /// </summary>
    internal static string RedeliveryKey(string conversationId, string activityId)
    {
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(conversationId), digest);
        return Convert.ToHexStringLower(digest[..16]) + "|" + activityId;
    }

    private async ValueTask<bool> IsRedeliveryAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        if (updateLog is null || !_options.DeduplicateActivities || string.IsNullOrEmpty(activity.Id))
        {
            return false;
        }

        var fresh = await updateLog.TryRecordAsync(ChannelName, RedeliveryKey(activity.Conversation?.Id ?? string.Empty, activity.Id), cancellationToken).ConfigureAwait(false);
        if (!fresh)
        {
            Log.Redelivery(logger);
        }

        return !fresh;
    }

    /// <summary>A button press (messageBack value), a typed /command, or free text (Teams @mentions removed).</summary>
    internal static MessageInput ToInput(InboundActivity activity)
    {
        if (activity.Value.ValueKind == JsonValueKind.Object
            && activity.Value.TryGetProperty("actionId", out var id)
            && Http.JsonText.StringOrNull(id) is { Length: > 0 and <= Engine.ActionIds.MaxLength } actionId)
        {
            return new ActionInput(actionId);
        }

        var text = StripMentions(activity.Text ?? string.Empty).Trim();
        if (text.Length > 1 && text[0] == '/')
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var name = (space < 0 ? text[1..] : text[1..space]).ToLowerInvariant();
            if (name.Length is > 0 and <= 32 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                var argument = space < 0 ? null : text[(space + 1)..].Trim();
                return new CommandInput(name, string.IsNullOrEmpty(argument) ? null : argument);
            }
        }

        return new TextInput(text);
    }

    // Teams puts "<at>Bot name</at>" in the text of a message that mentions the bot in a group.
    internal static string StripMentions(string text)
    {
        var start = text.IndexOf("<at>", StringComparison.OrdinalIgnoreCase);
        while (start >= 0)
        {
            var end = text.IndexOf("</at>", start, StringComparison.OrdinalIgnoreCase);
            if (end < 0)
            {
                break;
            }

            text = text.Remove(start, end + 5 - start);
            start = text.IndexOf("<at>", StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>
    /// Whom to welcome: in a group, only when the bot itself was added; in a 1:1 chat, when the person joined (the
    /// Emulator and Web Chat) or, in Teams, when the bot was installed for them. Null = no welcome.
    /// </summary>
    internal static string? WelcomeFor(InboundActivity activity)
    {
        if (activity.MembersAdded is not { Count: > 0 } added)
        {
            return null;
        }

        var botId = activity.Recipient?.Id;
        var botAdded = added.Any(m => m.Id == botId);
        var person = added.FirstOrDefault(m => m.Id is { Length: > 0 } && m.Id != botId)?.Id;
        if (activity.Conversation?.IsGroup == true)
        {
            return botAdded ? activity.From?.Id ?? botId : null;
        }

        if (person is not null)
        {
            return person;
        }

        return botAdded && string.Equals(activity.ChannelId, "msteams", StringComparison.OrdinalIgnoreCase) ? activity.From?.Id : null;
    }

    private static string? TenantFromChannelData(JsonElement channelData) =>
        channelData.ValueKind == JsonValueKind.Object
        && channelData.TryGetProperty("tenant", out var tenant)
        && tenant.ValueKind == JsonValueKind.Object
        && tenant.TryGetProperty("id", out var id)
            ? Http.JsonText.StringOrNull(id)
            : null;
}
