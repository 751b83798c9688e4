using System.Text.Json;
using OptOutBot.Adapters.Http;

namespace OptOutBot.Adapters.Telegram.Api;

/// <summary>Telegram names its wait in the body (<c>parameters.retry_after</c>, seconds), not in a header; the header is the fallback.</summary>
internal static class TelegramRetryAfter
{
    public static async ValueTask<TimeSpan?> ReadAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            // Buffered, so the Bot API client still reads the answer afterwards.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("parameters", out var parameters)
                && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("retry_after", out var seconds)
                && seconds.TryGetInt32(out var wait))
            {
                return TimeSpan.FromSeconds(Math.Max(1, wait));
            }
        }
        catch (JsonException)
        {
            // Not the Bot API envelope (a proxy's 503 page).
        }

        return RetryAfterHeader.Read(response, time);
    }
}
