using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Web.Wire;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Adapters.Web;

/// <summary>
/// POST /api/chat. Cheap checks first (rate limit, content type, declared length), then the body is read up to the
/// limit and parsed; every bad request gets a 4xx with a <see cref="ChatError"/> body, never a 500.
/// </summary>
internal sealed class ChatEndpoint(
    IOptions<WebOptions> options,
    ChatRateLimiter rateLimiter,
    ILogger<ChatEndpoint> logger)
{
    private readonly WebOptions options = options.Value;

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var request = context.Request;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";

        if (!rateLimiter.TryAcquire(context.Connection.RemoteIpAddress, out var retryAfter))
        {
            if (retryAfter is { } after)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await ErrorAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many messages from this address; wait a little and try again.");
            return;
        }

        if (!request.HasJsonContentType())
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send the body as application/json.");
            return;
        }

        if (!Http.RequestBodyLimit.Admit(context, options.MaxBodyBytes))
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The body is larger than {options.MaxBodyBytes} bytes.");
            return;
        }

        ChatRequest? chat;
        try
        {
            chat = await ReadAsync(request, ct);
        }
        catch (BodyTooLargeException)
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The body is larger than {options.MaxBodyBytes} bytes.");
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await ErrorAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body_too_large" : "bad_request", "The request body could not be read.");
            return;
        }
        catch (JsonException)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "bad_json", "The body is not valid JSON of the form {\"conversationId\": \"…\", \"text\": \"…\"}.");
            return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }

        if (chat is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "bad_json", "The body must be a JSON object.");
            return;
        }

        if (!ChatRequestValidator.TryCreate(chat, options, request.Headers.AcceptLanguage, out var message, out var error))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, error!.Error, error.Message);
            return;
        }

        ChatResponse response;
        try
        {
            // Resolved per request so the engine's own lifetime (and its registration order in the host) does not matter here.
            var guard = context.RequestServices.GetRequiredService<TurnGuard>();
            var result = await guard.HandleAsync(message, ct);
            try
            {
                response = WebRenderer.Render(result);
            }
            catch (Exception e)
            {
                response = WebRenderer.Render(guard.Failed(message.Channel, message.LocaleHint, e));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(response, WebJsonContext.Relaxed.ChatResponse, contentType: null, ct);
    }

    /// <summary>Reads the whole body, up to the limit, without copying it, and parses it.</summary>
    private async Task<ChatRequest?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(ct);
            var buffer = read.Buffer;
            if (buffer.Length > options.MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new BodyTooLargeException();
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return Parse(buffer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static ChatRequest? Parse(ReadOnlySequence<byte> buffer)
    {
        var json = new Utf8JsonReader(buffer, new JsonReaderOptions { MaxDepth = 8 });
        return JsonSerializer.Deserialize(ref json, WebJsonContext.Default.ChatRequest);
    }

    private Task ErrorAsync(HttpContext context, int status, string code, string text)
    {
        Log.Rejected(logger, status, code);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ChatError(code, text), WebJsonContext.Relaxed.ChatError, contentType: null, context.RequestAborted);
    }

    private sealed class BodyTooLargeException : Exception;
}
