using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Wire;

namespace OptOutBot.Adapters.Telegram;

/// <summary>
/// POST /telegram/webhook. The secret header is checked in constant time before the body is read: forged calls get
/// 401 and leave no trace. Authentic updates are always acknowledged with 200 (Telegram retries anything else forever),
/// malformed ones included. When a turn is a single call it travels back in the response body; otherwise the
/// calls are queued and the request ends at once.
/// </summary>
internal sealed class TelegramWebhookEndpoint
{
    public const string Path = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private const int MaxSecretBytes = 256;

    // The writer, not the serializer options, decides escaping: keep accents and HTML tags as they are (see TelegramJsonContext.Wire).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly byte[] _secret;
    private readonly TelegramUpdateHandler _handler;
    private readonly TelegramReplyQueue _queue;
    private readonly ILogger<TelegramWebhookEndpoint> _logger;
    private readonly CancellationToken _stopping;

    public TelegramWebhookEndpoint(
        IOptions<TelegramOptions> options,
        TelegramUpdateHandler handler,
        TelegramReplyQueue queue,
        IHostApplicationLifetime lifetime,
        ILogger<TelegramWebhookEndpoint> logger)
    {
        _secret = Encoding.UTF8.GetBytes(options.Value.EffectiveWebhookSecret);
        _handler = handler;
        _queue = queue;
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

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync(context.Request.Body, TelegramJsonContext.Wire.Update, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            Log.MalformedUpdate(_logger, e.Path, e.LineNumber);
            return;
        }

        if (update is null)
        {
            return;
        }

        // Not the request's token: once recorded in the update log, the turn must finish even if Telegram hangs up.
        var plan = await _handler.HandleAsync(update, _stopping).ConfigureAwait(false);
        var calls = plan.Calls;
        if (calls.Count == 0)
        {
            return;
        }

        if (calls[0] is AnswerCallbackCall answer)
        {
            answer.Request.InlineMethod = answer.Request.MethodName;
            await _queue.EnqueueAsync(calls.Count == 1 ? [] : calls.Skip(1).ToList(), _stopping).ConfigureAwait(false);
            await WriteInlineAsync(context, answer.Request, TelegramJsonContext.Wire.AnswerCallbackQueryRequest).ConfigureAwait(false);
        }
        else if (calls is [SendMessageCall send])
        {
            send.Request.InlineMethod = send.Request.MethodName;
            await WriteInlineAsync(context, send.Request, TelegramJsonContext.Wire.SendMessageRequest).ConfigureAwait(false);
        }
        else
        {
            await _queue.EnqueueAsync(calls, _stopping).ConfigureAwait(false);
        }
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
