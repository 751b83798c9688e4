using System.Text.Json;
using System.Text.Json.Serialization;
using global::Telegram.Bot.Requests;
using OptOutBot.Adapters.Telegram.Wire;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>
/// A Bot API call a turn needs. Planned first and run afterwards, so webhook mode can put one of them in the webhook
/// response and store the rest durably before answering, while polling mode runs them all at once.
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

    /// <summary>The update id as recorded in the update log, when this delivery was the first (its answer is to be saved there).</summary>
    public string? UpdateId { get; init; }

    /// <summary>Set when the update was delivered before: what the update log knows about it.</summary>
    public UpdateRecord? Previous { get; init; }
}

/// <summary>
/// Planned calls as stored in the update log until they are delivered, in the Bot API's own JSON: a list of calls, or
/// for a turn answered in the webhook response, that response body itself (an object with "method"), so that a
/// redelivery is answered with the stored text as it is, without reading and writing it again.
/// </summary>
internal static class StoredCalls
{
    public static string ToJson(IEnumerable<PlannedCall> calls) =>
        JsonSerializer.Serialize(calls.Select(ToStored).ToList(), TelegramJson.StoredCalls);

    /// <summary>
    /// The webhook response body that makes this call: kept as it is (a string, which is what the update log holds, so
    /// no second copy as bytes) and written as it is.
    /// </summary>
    public static string InlineBody(SendMessageRequest request)
    {
        request.IsWebhookResponse = true;
        return JsonSerializer.Serialize(request, TelegramJson.SendMessage);
    }

    /// <summary>True when <paramref name="json"/> is an <see cref="InlineBody"/> (not a list of calls).</summary>
    public static bool IsInlineBody(string json) => json.StartsWith('{');

    public static List<PlannedCall> FromJson(string json)
    {
        if (IsInlineBody(json))
        {
            // Sent through the API after all (the webhook request was gone; rare). The package's metadata refuses to
            // read its own "method" field back, so it is dropped first.
            var body = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            body.Remove("method");
            return [new SendMessageCall(body.Deserialize(TelegramJson.SendMessage)!)];
        }

        var stored = JsonSerializer.Deserialize(json, TelegramJson.StoredCalls) ?? [];
        var calls = new List<PlannedCall>(stored.Count);
        foreach (var call in stored)
        {
            if (call.Edit is { } edit && call.Send is { } fallback)
            {
                calls.Add(new EditMessageCall(edit, fallback));
            }
            else if (call.Send is { } send)
            {
                calls.Add(new SendMessageCall(send));
            }
            else if (call.Answer is { } answer)
            {
                calls.Add(new AnswerCallbackCall(answer));
            }
        }

        return calls;
    }

    private static StoredCall ToStored(PlannedCall call) => call switch
    {
        SendMessageCall send => new StoredCall { Send = send.Request },
        EditMessageCall edit => new StoredCall { Edit = edit.Request, Send = edit.Fallback },
        AnswerCallbackCall answer => new StoredCall { Answer = answer.Request },
        _ => throw new ArgumentOutOfRangeException(nameof(call), call.GetType().Name, "not a storable call"),
    };
}

/// <summary>One stored call: a send, an edit (with its fallback send), or a callback answer.</summary>
internal sealed class StoredCall
{
    [JsonPropertyName("send")]
    public SendMessageRequest? Send { get; set; }

    [JsonPropertyName("edit")]
    public EditMessageTextRequest? Edit { get; set; }

    [JsonPropertyName("answer")]
    public AnswerCallbackQueryRequest? Answer { get; set; }
}
