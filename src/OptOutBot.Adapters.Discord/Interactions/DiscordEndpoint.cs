using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.Discord.Security;
using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// <c>POST /discord/interactions</c>: signature first (401 before anything is parsed), then the JSON, then the handler.
/// </summary>
internal sealed class DiscordEndpoint(InteractionSignature signature, InteractionHandler handler, IHostApplicationLifetime lifetime, ILogger<DiscordEndpoint> logger)
{
    public const string Path = "/discord/interactions";

    /// <summary>Interactions are a few KB; anything far larger is not from Discord.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var timestamp = request.Headers["X-Signature-Timestamp"].ToString();
        var signatureHex = request.Headers["X-Signature-Ed25519"].ToString();
        var check = signature.CheckHeaders(timestamp, signatureHex);
        if (check != SignatureCheck.Valid)
        {
            Refuse(context, check);
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var prefix = timestamp.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(prefix + (int)(request.ContentLength ?? 4096) + 1);
        try
        {
            Encoding.ASCII.GetBytes(timestamp, buffer);
            var length = prefix;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= MaxBodyBytes + prefix)
                    {
                        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                        return;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            check = signature.Verify(timestamp, signatureHex, buffer.AsSpan(0, length));
            if (check != SignatureCheck.Valid)
            {
                Refuse(context, check);
                return;
            }

            Interaction? interaction;
            try
            {
                // Signed, so authentic, but text that is not UTF-8 cannot be read: a 400, never a 500.
                var utf8 = buffer.AsSpan(prefix, length - prefix);
                interaction = System.Text.Unicode.Utf8.IsValid(utf8) ? JsonSerializer.Deserialize(utf8, DiscordJson.Context.Interaction) : null;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                interaction = null;
            }

            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            if (interaction is null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            InteractionAnswer answer;
            try
            {
                answer = await handler.HandleAsync(interaction, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The engine's own failures are answered by TurnGuard; this is the adapter failing to read an authentic
                // interaction: a 400 Discord shows as "interaction failed", never a 500.
                Log.UnreadableInteraction(logger, e);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (answer.Response is null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (answer.AfterResponse is { } after)
            {
                // Follow-ups must reach Discord after it has the answer, or the webhook does not know the interaction yet.
                context.Response.OnCompleted(() =>
                {
                    _ = Task.Run(() => RunAfterAsync(after));
                    return Task.CompletedTask;
                });
            }

            // One buffer with a Content-Length rather than a chunked stream: answers are small.
            var json = answer.Json ?? JsonSerializer.SerializeToUtf8Bytes(answer.Response, DiscordJson.Context.InteractionResponse);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = json.Length;
            await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task RunAfterAsync(Func<CancellationToken, Task> after)
    {
        try
        {
            await after(lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.TurnFailed(logger, e);
        }
    }

    private void Refuse(HttpContext context, SignatureCheck check)
    {
        Log.Refused(logger, check.ToString());
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }
}
