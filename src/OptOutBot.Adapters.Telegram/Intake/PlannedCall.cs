using OptOutBot.Adapters.Telegram.Wire;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>
/// A Bot API call a turn needs. Planned first and run afterwards, so webhook mode can put one of them in the webhook
/// response and run the rest after answering, while polling mode runs them all at once.
/// </summary>
internal abstract record PlannedCall;

internal sealed record AnswerCallbackCall(AnswerCallbackQueryRequest Request) : PlannedCall;

internal sealed record SendMessageCall(SendMessageRequest Request) : PlannedCall;

/// <summary>Edit the message a button was pressed on; when that fails (too old, deleted), send <paramref name="Fallback"/> instead.</summary>
internal sealed record EditMessageCall(EditMessageTextRequest Request, SendMessageRequest Fallback) : PlannedCall;

/// <summary>The calls a turn produced, in order.</summary>
internal sealed record TurnPlan(IReadOnlyList<PlannedCall> Calls)
{
    public static readonly TurnPlan Nothing = new([]);
}
