using Microsoft.Extensions.Logging;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Conversations;

/// <summary>
/// The exception policy of every channel, in one place: a turn that throws (a store down, a bug) is logged and answered
/// with a short apology in the person's language, so an authentic message never gets a 5xx or silence.
/// </summary>
public sealed class TurnGuard(IConversationEngine engine, IContentCatalog content, ILogger<TurnGuard> logger)
{
    /// <summary>The key of the apology in each language's <c>ui.yaml</c>.</summary>
    public const string ApologyKey = "turn_failed";

    /// <summary>Runs the turn; never throws, except when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            return await engine.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return Failed(message.Channel, message.LocaleHint, e);
        }
    }

    /// <summary>Logs a failure outside the engine (reading, rendering) and returns the apology to send instead.</summary>
    public TurnResult Failed(string channel, string? localeHint, Exception exception)
    {
        Log.TurnFailed(logger, channel, exception);
        return Apology(localeHint);
    }

    public TurnResult Apology(string? localeHint)
    {
        var locale = content.ResolveLocale(localeHint) ?? content.DefaultLocale;
        return new TurnResult(Reply.Single(new ReplyMessage(content.Text(locale, ApologyKey)), locale), locale, TurnOutcome.Invalid);
    }
}
