using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.Telegram.Wire;

namespace OptOutBot.Adapters.Telegram.Api;

/// <summary>
/// Speaks the Bot API over HTTP: one <see cref="SendAsync{T}(TelegramRequest{T}, CancellationToken)"/> for every method,
/// which turns ok:false, HTTP failures and timeouts into <see cref="ApiError"/> values, waits out short 429s,
/// follows migrate_to_chat_id once, and retries 5xx answers and timeouts with exponential backoff.
/// </summary>
internal sealed class TelegramApiClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramApiClient> _logger;
    private readonly string _baseUrl;

    public TelegramApiClient(HttpClient http, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramApiClient> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/') + "/bot" + _options.BotToken + "/";
    }

    /// <summary>Base delay of the exponential backoff between attempts; tests shorten it.</summary>
    internal TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    public Task<ApiResult<T>> SendAsync<T>(TelegramRequest<T> request, CancellationToken cancellationToken = default) =>
        SendAsync(request, waitOnFloodControl: true, cancellationToken);

    /// <param name="waitOnFloodControl">False for proactive sends: a 429 comes back at once so the caller can reschedule.</param>
    public async Task<ApiResult<T>> SendAsync<T>(TelegramRequest<T> request, bool waitOnFloodControl, CancellationToken cancellationToken = default)
    {
        long? migratedTo = null;
        var floodWaits = 0;
        for (var attempt = 1; ; attempt++)
        {
            var error = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            if (error.Result is { } ok)
            {
                return ok with { MigratedToChatId = migratedTo };
            }

            var failure = error.Error!;
            switch (failure.Kind)
            {
                case ApiErrorKind.FloodControl when waitOnFloodControl && floodWaits < 3
                    && failure.RetryAfter <= TimeSpan.FromSeconds(_options.MaxRetryAfterWaitSeconds):
                    floodWaits++;
                    attempt--;
                    Log.FloodControl(_logger, request.MethodName, (int)failure.RetryAfter.Value.TotalSeconds);
                    await Task.Delay(failure.RetryAfter.Value, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                case ApiErrorKind.Rejected when error.MigrateTo is { } chatId && migratedTo is null && request.WithChat(chatId) is { } moved:
                    Log.ChatMigrated(_logger, request.MethodName);
                    migratedTo = chatId;
                    request = moved;
                    attempt--;
                    continue;
                case ApiErrorKind.Transient when attempt < _options.MaxAttempts:
                    var delay = BackoffBase * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
                    Log.Retrying(_logger, request.MethodName, failure.Code, attempt);
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    continue;
            }

            Log.CallFailed(_logger, request.MethodName, failure.Code, failure.Kind, failure.Description);
            return ApiResult<T>.Failure(failure) with { MigratedToChatId = migratedTo };
        }
    }

    private async Task<(ApiResult<T>? Result, ApiError? Error, long? MigrateTo)> SendOnceAsync<T>(TelegramRequest<T> request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.AttemptTimeout ?? TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
        try
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, request.RequestTypeInfo));
            content.Headers.ContentType = Json;
            using var response = await _http.PostAsync(_baseUrl + request.MethodName, content, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            ApiResponse<T>? envelope;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                envelope = await JsonSerializer.DeserializeAsync(body, request.ResponseTypeInfo, timeout.Token).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not the Bot API envelope (a proxy's error page, an emulator's 500 for an unsupported method).
                envelope = null;
            }

            if (envelope is { Ok: true })
            {
                return (ApiResult<T>.Success(envelope.Result), null, null);
            }

            if (envelope is null && response.IsSuccessStatusCode)
            {
                return (null, new ApiError(ApiErrorKind.Transient, status, "unreadable answer"), null);
            }

            var code = envelope?.ErrorCode ?? status;
            var description = envelope?.Description ?? "HTTP " + status;
            return (null, ApiError.Classify(code, description, envelope?.Parameters?.RetryAfter), envelope?.Parameters?.MigrateToChatId);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ApiError(ApiErrorKind.Transient, 0, "timed out"), null);
        }
        catch (HttpRequestException e)
        {
            return (null, new ApiError(ApiErrorKind.Transient, 0, "connection failed: " + e.HttpRequestError), null);
        }
    }
}
