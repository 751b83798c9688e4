using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Telegram.Bot.Requests.Abstractions;
using global::Telegram.Bot.Types;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Wire;

namespace OptOutBot.Adapters.Telegram;

/// <summary>
/// POST /telegram/webhook. The secret header is checked in constant time before the body is read: forged calls get
/// 401 and leave no trace. Authentic updates are always acknowledged with 200 (Telegram retries anything else forever),
/// malformed ones included; bodies over <see cref="MaxBodyBytes"/> get 413. When a turn is a single call it travels back
/// in the response body (and again, from the update log, if Telegram redelivers the update because that response never
/// reached it); otherwise the calls are stored in the update log before the response, and sent by
/// <see cref="TelegramReplyOutbox"/>.
/// </summary>
internal sealed class TelegramWebhookEndpoint
{
    public const string Path = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Updates are a few KB; Telegram never sends anything near this.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private const int MaxSecretBytes = 256;

    // The writer, not the serializer options, decides escaping: keep accents and HTML tags as they are (see TelegramJson).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly byte[] _secret;
    private readonly TelegramUpdateHandler _handler;
    private readonly TelegramReplyOutbox _outbox;
    private readonly Engine.Ports.IUpdateLog _updateLog;
    private readonly ILogger<TelegramWebhookEndpoint> _logger;
    private readonly CancellationToken _stopping;

    public TelegramWebhookEndpoint(
        IOptions<TelegramOptions> options,
        TelegramUpdateHandler handler,
        TelegramReplyOutbox outbox,
        Engine.Ports.IUpdateLog updateLog,
        IHostApplicationLifetime lifetime,
        ILogger<TelegramWebhookEndpoint> logger)
    {
        _secret = Encoding.UTF8.GetBytes(options.Value.EffectiveWebhookSecret);
        _handler = handler;
        _outbox = outbox;
        _updateLog = updateLog;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!IsAuthentic(context.Request.Headers[SecretHeader]))
        {
            Log.ForgedWebhook(_logger);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!Http.RequestBodyLimit.Admit(context, MaxBodyBytes))
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync(context.Request.Body, TelegramJson.Update, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Over the body limit while reading (no Content-Length), or a broken upload.
            context.Response.StatusCode = e.StatusCode;
            return;
        }
        catch (JsonException e)
        {
            // Acknowledged: Telegram would redeliver anything else forever.
            Log.MalformedUpdate(_logger, e.Path, e.LineNumber);
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException or NotSupportedException)
        {
            // What the package's converters throw on values outside the Bot API's shapes: a string that is not valid
            // UTF-8, a date beyond year 9999, a chat member without its status. Acknowledged like any malformed body.
            Log.MalformedUpdate(_logger, null, null);
            return;
        }

        if (update is null)
        {
            return;
        }

        // Not the request's token: once recorded in the update log, the turn must finish even if Telegram hangs up.
        TurnPlan plan;
        try
        {
            plan = await _handler.HandleAsync(update, _stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An authentic update the adapter cannot read (the turn itself never throws: see TurnGuard): acknowledged
            // and logged, because anything but a 200 makes Telegram redeliver it forever.
            Log.UnreadableUpdate(_logger, e);
            return;
        }

        var calls = plan.Calls;
        if (plan.Previous is { } previous)
        {
            await AnswerRedeliveryAsync(context, previous, calls).ConfigureAwait(false);
            return;
        }

        if (calls.Count == 0)
        {
            return;
        }

        if (plan.UpdateId is not { } updateId)
        {
            // Nothing recorded (a press on an adapter-only button): at most the callback answer, inline.
            if (calls[0] is AnswerCallbackCall only)
            {
                await WriteInlineAsync(context, Inline(only.Request), TelegramJson.AnswerCallbackQuery).ConfigureAwait(false);
            }

            return;
        }

        if (calls[0] is AnswerCallbackCall answer)
        {
            // The spinner's answer travels inline; the reply itself is stored first, then sent through the Bot API.
            if (calls.Count > 1)
            {
                await QueueAsync(updateId, calls.Skip(1)).ConfigureAwait(false);
            }
            else
            {
                await _updateLog.MarkDeliveredAsync(TelegramUpdateHandler.Channel, [updateId], _stopping).ConfigureAwait(false);
            }

            await WriteInlineAsync(context, Inline(answer.Request), TelegramJson.AnswerCallbackQuery).ConfigureAwait(false);
        }
        else if (calls is [SendMessageCall send])
        {
            // Saved before it is written, so a redelivery (the response never reached Telegram) is answered again.
            // When a redelivery already came while the turn ran, this request is gone: the answer goes through the API.
            var body = StoredCalls.InlineBody(send.Request);
            var state = await _updateLog.SaveAnswerAsync(TelegramUpdateHandler.Channel, updateId, body, queue: context.RequestAborted.IsCancellationRequested, _stopping).ConfigureAwait(false);
            if (state == Engine.Ports.UpdateState.Answered)
            {
                await WriteInlineAsync(context, body).ConfigureAwait(false);
            }
            else
            {
                _outbox.Notify();
            }
        }
        else
        {
            await QueueAsync(updateId, calls).ConfigureAwait(false);
        }
    }

    /// <summary>The request as a webhook response body: the package then writes its "method" field.</summary>
    private static T Inline<T>(T request)
        where T : IRequest
    {
        request.IsWebhookResponse = true;
        return request;
    }

    /// <summary>Telegram redelivers only what it did not get a 200 for: an inline answer is sent again, anything else is already on its way.</summary>
    private async Task AnswerRedeliveryAsync(HttpContext context, Engine.Ports.UpdateRecord previous, IReadOnlyList<PlannedCall> calls)
    {
        if (previous is { State: Engine.Ports.UpdateState.Answered, Answer: { } stored } && StoredCalls.IsInlineBody(stored))
        {
            await WriteInlineAsync(context, stored).ConfigureAwait(false);
        }
        else if (previous is { State: Engine.Ports.UpdateState.Answered, Answer: { } json } && StoredCalls.FromJson(json) is [SendMessageCall again])
        {
            // Stored by an earlier version, as a list of calls.
            await WriteInlineAsync(context, Inline(again.Request), TelegramJson.SendMessage).ConfigureAwait(false);
        }
        else if (calls is [AnswerCallbackCall answer, ..])
        {
            await WriteInlineAsync(context, Inline(answer.Request), TelegramJson.AnswerCallbackQuery).ConfigureAwait(false);
        }
    }

    private async Task QueueAsync(string updateId, IEnumerable<PlannedCall> calls)
    {
        await _updateLog.SaveAnswerAsync(TelegramUpdateHandler.Channel, updateId, StoredCalls.ToJson(calls), queue: true, _stopping).ConfigureAwait(false);
        _outbox.Notify();
    }

    internal bool IsAuthentic(string? header)
    {
        if (string.IsNullOrEmpty(header) || header.Length > MaxSecretBytes)
        {
            return false;
        }

        Span<byte> received = stackalloc byte[MaxSecretBytes * 3];
        var length = Encoding.UTF8.GetBytes(header, received);
        return CryptographicOperations.FixedTimeEquals(received[..length], _secret);
    }

    private static async Task WriteInlineAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        var length = Encoding.UTF8.GetByteCount(body);
        context.Response.ContentLength = length;
        var writer = context.Response.BodyWriter;
        writer.Advance(Encoding.UTF8.GetBytes(body, writer.GetSpan(length)));
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteInlineAsync<T>(HttpContext context, T call, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        context.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            JsonSerializer.Serialize(writer, call, typeInfo);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
