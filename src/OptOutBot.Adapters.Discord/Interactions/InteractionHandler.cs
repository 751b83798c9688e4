using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Discord.Rest;
using OptOutBot.Adapters.Discord.Rest.Requests;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// Answers one verified interaction: PING, slash commands, autocomplete, button and select presses. A turn normally
/// answers inline; one that outlasts <see cref="DiscordOptions.DeferAfter"/> is deferred and finished
/// through the interaction webhook. Extra messages (long answers) always go as follow-ups once the answer is sent.
/// </summary>
internal sealed class InteractionHandler(
    TurnGuard guard,
    IContentCatalog catalog,
    DiscordApiClient api,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<InteractionHandler> logger)
{
    public const string Channel = "discord";

    private static readonly InteractionResponse Pong = new() { Type = CallbackTypes.Pong };
    private static readonly InteractionResponse Acknowledge = new() { Type = CallbackTypes.DeferredUpdateMessage };

    private readonly DiscordOptions _options = options.Value;

    public async ValueTask<InteractionAnswer> HandleAsync(Interaction interaction, CancellationToken cancellationToken = default)
    {
        switch (interaction.Type)
        {
            case InteractionTypes.Ping:
                return new InteractionAnswer(Pong);
            case InteractionTypes.Autocomplete:
                return new InteractionAnswer(Autocomplete(interaction));
            case InteractionTypes.ApplicationCommand when interaction.Data?.Name is { Length: > 0 } name && interaction.UserId is not null:
                return await TurnAsync(interaction, new CommandInput(name.ToLowerInvariant(), FirstOptionValue(interaction.Data.Options)), isPress: false).ConfigureAwait(false);
            case InteractionTypes.MessageComponent when interaction.Data?.CustomId is { Length: > 0 } id && interaction.UserId is not null:
                return await ComponentAsync(interaction, id).ConfigureAwait(false);
            default:
                return InteractionAnswer.BadRequest;
        }
    }

    private async ValueTask<InteractionAnswer> ComponentAsync(Interaction interaction, string customId)
    {
        if (customId == DiscordRenderer.ShareActionId)
        {
            return new InteractionAnswer(Share(interaction));
        }

        if (customId == DiscordRenderer.SelectActionId)
        {
            return interaction.Data?.Values is [{ Length: > 0 } value, ..]
                ? await TurnAsync(interaction, new ActionInput(DiscordRenderer.ActionOf(value)), isPress: true).ConfigureAwait(false)
                : new InteractionAnswer(Acknowledge);
        }

        // Another adapter-only id (from a newer or older version of this adapter): acknowledge, change nothing.
        return customId.StartsWith("x:", StringComparison.Ordinal)
            ? new InteractionAnswer(Acknowledge)
            : await TurnAsync(interaction, new ActionInput(DiscordRenderer.ActionOf(customId)), isPress: true).ConfigureAwait(false);
    }

    private async ValueTask<InteractionAnswer> TurnAsync(Interaction interaction, MessageInput input, bool isPress)
    {
        var message = ToInbound(interaction, input);

        // The engine runs on the host's lifetime, not the request's: a deferred turn goes on after the answer was sent.
        var pending = guard.HandleAsync(message, lifetime.ApplicationStopping);
        if (pending.IsCompleted)
        {
            return Answer(interaction, pending.Result, isPress);
        }

        var turn = pending.AsTask();
        using (var delay = new CancellationTokenSource())
        {
            var timer = Task.Delay(_options.DeferAfter, time, delay.Token);
            if (await Task.WhenAny(turn, timer).ConfigureAwait(false) == turn)
            {
                await delay.CancelAsync().ConfigureAwait(false);
                return Answer(interaction, await turn.ConfigureAwait(false), isPress);
            }
        }

        Log.Deferred(logger, _options.DeferAfter.TotalMilliseconds);
        var ephemeral = IsEphemeral(interaction);
        var deferred = new InteractionResponse
        {
            Type = CallbackTypes.DeferredChannelMessage,
            Data = new MessagePayload { Flags = ephemeral ? MessageFlags.Ephemeral : null },
        };
        return new InteractionAnswer(deferred, async ct =>
        {
            var result = await turn.ConfigureAwait(false);
            var payloads = RenderCache.Get(result.Reply, DiscordLabels.For(catalog, result.Locale), ephemeral, offerShare: ephemeral).Payloads;
            var first = payloads[0].With(flags: null); // the deferral already decided who sees it
            var edit = await api.SendAsync(new EditOriginalResponse(ApplicationId(interaction), interaction.Token, first), ct).ConfigureAwait(false);
            if (!edit.IsOk)
            {
                Log.FollowUpFailed(logger, edit.Reason);
                return;
            }

            await FollowUpsAsync(interaction, payloads.Skip(1), ct).ConfigureAwait(false);
        });
    }

    private InteractionAnswer Answer(Interaction interaction, TurnResult result, bool isPress)
    {
        var ephemeral = IsEphemeral(interaction);
        var rendered = RenderCache.Get(result.Reply, DiscordLabels.For(catalog, result.Locale), ephemeral, offerShare: ephemeral);
        var payloads = rendered.Payloads;

        // A step of a guide replaces the message its button was on, when only this person can see that message.
        var update = isPress && result.Reply.ContinuesPrevious && payloads.Count == 1
            && (interaction.GuildId is null || ((interaction.Message?.Flags ?? 0) & MessageFlags.Ephemeral) != 0);
        var response = new InteractionResponse
        {
            Type = update ? CallbackTypes.UpdateMessage : CallbackTypes.ChannelMessage,
            Data = update ? payloads[0].With(flags: null) : payloads[0],
        };
        return payloads.Count == 1
            ? new InteractionAnswer(response) { Json = update ? null : rendered.ChannelMessageJson }
            : new InteractionAnswer(response, ct => FollowUpsAsync(interaction, payloads.Skip(1), ct)) { Json = update ? null : rendered.ChannelMessageJson };
    }

    private async Task FollowUpsAsync(Interaction interaction, IEnumerable<MessagePayload> payloads, CancellationToken cancellationToken)
    {
        foreach (var payload in payloads)
        {
            var sent = await api.SendAsync(new CreateFollowUpMessage(ApplicationId(interaction), interaction.Token, payload), cancellationToken).ConfigureAwait(false);
            if (!sent.IsOk)
            {
                Log.FollowUpFailed(logger, sent.Reason);
                return;
            }
        }
    }

    /// <summary>Reposts the ephemeral answer publicly, without its share button; the person gets nothing else.</summary>
    private static InteractionResponse Share(Interaction interaction)
    {
        var original = interaction.Message;
        if (original is null || string.IsNullOrEmpty(original.Content))
        {
            return Acknowledge;
        }

        var rows = original.Components?
            .Select(row => new Component
            {
                Type = ComponentTypes.ActionRow,
                Components = row.Components?.Where(c => c.CustomId != DiscordRenderer.ShareActionId).Select(Clean).ToList(),
            })
            .Where(row => row.Components is { Count: > 0 })
            .ToList();
        return new InteractionResponse
        {
            Type = CallbackTypes.ChannelMessage,
            Data = new MessagePayload { Content = original.Content, Components = rows is { Count: > 0 } ? rows : null },
        };
    }

    // Only the fields the bot itself sets, so a reposted component is exactly what was rendered.
    private static Component Clean(Component c) => new()
    {
        Type = c.Type,
        Style = c.Style,
        Label = c.Label,
        CustomId = c.Url is null ? c.CustomId : null,
        Url = c.Url,
        Placeholder = c.Placeholder,
        Options = c.Options,
    };

    private InteractionResponse Autocomplete(Interaction interaction)
    {
        var typed = FocusedValue(interaction.Data?.Options) ?? string.Empty;
        var locale = catalog.ResolveLocale(interaction.Locale) ?? catalog.ResolveLocale(interaction.GuildLocale) ?? catalog.DefaultLocale;
        var words = Normalize(typed).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var choices = catalog.Topics(locale)
            .Select(t => (t.Title, Key: Normalize(t.Title)))
            .Where(t => t.Title.Length > 0 && words.All(w => t.Key.Contains(w, StringComparison.Ordinal)))
            .OrderBy(t => words.Length > 0 && t.Key.StartsWith(words[0], StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(t => t.Title, StringComparer.CurrentCulture)
            .Take(25)
            .Select(t => { var v = t.Title.Length <= 100 ? t.Title : t.Title[..99] + "…"; return new CommandChoice { Name = v, Value = v }; })
            .ToList();
        return new InteractionResponse { Type = CallbackTypes.AutocompleteResult, Data = new AutocompletePayload { Choices = choices } };
    }

    internal static InboundMessage ToInbound(Interaction interaction, MessageInput input)
    {
        var userId = interaction.UserId!;
        var inServer = interaction.GuildId is not null;
        return new InboundMessage(Channel, interaction.ChannelId ?? userId, userId, input, interaction.Locale ?? interaction.GuildLocale)
        {
            Scope = inServer ? ConversationScope.Group : ConversationScope.Private,
            SenderIsAdmin = inServer ? IsAdmin(interaction.Member?.Permissions) : null,
            ReplyAddress = new ChannelAddress(Channel, inServer && interaction.ChannelId is not null
                ? DiscordAddress.ForChannel(interaction.ChannelId)
                : DiscordAddress.ForUser(userId)),
        };
    }

    private static bool IsAdmin(string? permissions) =>
        ulong.TryParse(permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
        && (bits & (Permissions.ManageChannels | Permissions.Administrator)) != 0;

    private bool IsEphemeral(Interaction interaction) => _options.EphemeralInServers && interaction.GuildId is not null;

    private string ApplicationId(Interaction interaction) => interaction.ApplicationId ?? _options.ApplicationId;

    private static string? FirstOptionValue(List<CommandOptionValue>? options)
    {
        var first = options?.FirstOrDefault();
        return first is null ? null : first.ValueAsString() ?? FirstOptionValue(first.Options);
    }

    private static string? FocusedValue(List<CommandOptionValue>? options)
    {
        foreach (var option in options ?? [])
        {
            if (option.Focused == true)
            {
                return option.ValueAsString();
            }

            if (FocusedValue(option.Options) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>Lower case without accents, punctuation as spaces: "Qu'est-ce" and "quest ce" meet.</summary>
    internal static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return sb.ToString();
    }
}

/// <summary>The synchronous answer, and work to do once Discord has it (follow-ups, a deferred turn).</summary>
internal sealed record InteractionAnswer(InteractionResponse? Response, Func<CancellationToken, Task>? AfterResponse = null)
{
    /// <summary>The response already serialised (cached with its rendering), or null to serialise <see cref="Response"/>.</summary>
    public byte[]? Json { get; init; }

    public static readonly InteractionAnswer BadRequest = new((InteractionResponse?)null);
}

/// <summary>Proactive-message addresses: "channel:&lt;id&gt;" for a server channel, "user:&lt;id&gt;" for a DM.</summary>
internal static class DiscordAddress
{
    public const string ChannelPrefix = "channel:";
    public const string UserPrefix = "user:";

    public static string ForChannel(string channelId) => ChannelPrefix + channelId;

    public static string ForUser(string userId) => UserPrefix + userId;
}
