using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Telegram.Bot;
using global::Telegram.Bot.Args;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Requests.Abstractions;
using OptOutBot.Adapters.Telegram.Api;
using OptOutBot.Adapters.Telegram.Wire;

namespace OptOutBot.Adapters.Telegram;

/// <summary>
/// The Bot API through Telegram.Bot's <see cref="TelegramBotClient"/> (its own 429 waits off), with failures as
/// <see cref="ApiError"/> values instead of exceptions. Two ways to call: <see cref="SendOnceAsync{T}"/> makes one
/// attempt (proactive sends: a send that timed out may still have arrived, so only the broadcast lane may decide to
/// send again; the long poll), <see cref="CallAsync{T}"/> is for interactive calls (replies, button answers,
/// registration) and retries 5xx answers and timeouts, and waits out short 429s. Every wait and timeout runs on
/// <see cref="TimeProvider"/>. A group that became a supergroup is followed once (migrate_to_chat_id).
/// </summary>
internal sealed class TelegramApiClient
{
    /// <summary>The named client in <c>IHttpClientFactory</c> (registered in <see cref="TelegramServiceCollectionExtensions"/>).</summary>
    public const string HttpClientName = "telegram";

    /// <summary>At most this many 429 waits per interactive call.</summary>
    private const int MaxFloodWaits = 3;

    private readonly TelegramBotClient _bot;
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramApiClient> _logger;

    public TelegramApiClient(HttpClient http, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramApiClient> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var api = new Uri(_options.ApiBaseUrl);
        var client = new TelegramBotClientOptions(_options.BotToken, api.Host == "api.telegram.org" && api.Scheme == Uri.UriSchemeHttps ? null : api.GetLeftPart(UriPartial.Authority))
        {
            // No waiting inside the package (on the system clock, outside our limits): 429s come back to us.
            RetryThreshold = 0,
            RetryCount = 1,
        };
        _bot = new TelegramBotClient(client, http);
        _bot.OnMakingApiRequest += WriteCompactBodyAsync;
    }

    /// <summary>Base delay of the exponential backoff between interactive attempts; tests shorten it.</summary>
    internal TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>One attempt (and a resend to the new chat if the group moved). Failures, 429 included, come back at once.</summary>
    /// <param name="timeout">How long the attempt may take; null = Telegram:RequestTimeout.</param>
    public async Task<ApiResult<T>> SendOnceAsync<T>(IRequest<T> request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var attempt = await AttemptAsync(request, timeout ?? _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        long? migratedTo = null;
        if (attempt.MigrateTo is { } chatId && Moved(request, chatId))
        {
            // Telegram refused the first request outright, so this is not a second copy of it.
            migratedTo = chatId;
            attempt = await AttemptAsync(request, timeout ?? _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }

        if (attempt.Result.Error is { } error)
        {
            Log.CallFailed(_logger, request.MethodName, error.Code, error.Kind, error.Description);
        }

        return attempt.Result with { MigratedToChatId = migratedTo };
    }

    /// <summary>An interactive call: 5xx and timeouts retried up to Telegram:MaxAttempts with backoff, 429s up to Telegram:MaxRetryAfterWait waited out.</summary>
    public async Task<ApiResult<T>> CallAsync<T>(IRequest<T> request, CancellationToken cancellationToken = default)
    {
        long? migratedTo = null;
        var floodWaits = 0;
        for (var attempt = 1; ; attempt++)
        {
            var (result, migrateTo) = await AttemptAsync(request, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            if (result.Error is not { } failure)
            {
                return result with { MigratedToChatId = migratedTo };
            }

            switch (failure.Kind)
            {
                case ApiErrorKind.FloodControl when floodWaits < MaxFloodWaits && failure.RetryAfter <= _options.MaxRetryAfterWait:
                    floodWaits++;
                    attempt--;
                    Log.FloodControl(_logger, request.MethodName, (int)failure.RetryAfter.Value.TotalSeconds);
                    await Task.Delay(failure.RetryAfter.Value, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                case ApiErrorKind.Rejected when migrateTo is { } chatId && migratedTo is null && Moved(request, chatId):
                    migratedTo = chatId;
                    attempt--;
                    continue;
                case ApiErrorKind.Transient when attempt < _options.MaxAttempts:
                    var delay = BackoffBase * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
                    Log.Retrying(_logger, request.MethodName, failure.Code, attempt);
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    continue;
            }

            Log.CallFailed(_logger, request.MethodName, failure.Code, failure.Kind, failure.Description);
            return result with { MigratedToChatId = migratedTo };
        }
    }

    private bool Moved<T>(IRequest<T> request, long chatId)
    {
        // Only messages follow a migration; an edit or a member lookup in the old group is meaningless in the new one.
        if (request is not SendMessageRequest send)
        {
            return false;
        }

        Log.ChatMigrated(_logger, request.MethodName);
        send.ChatId = chatId;
        return true;
    }

    private async Task<(ApiResult<T> Result, long? MigrateTo)> AttemptAsync<T>(IRequest<T> request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return (ApiResult<T>.Success(await _bot.SendRequest(request, linked.Token).ConfigureAwait(false)), null);
        }
        catch (Exception e) when (e is RequestException or OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ApiRequestException e)
        {
            return (ApiResult<T>.Failure(ApiError.Classify(e.ErrorCode, e.Message, e.Parameters?.RetryAfter)), e.Parameters?.MigrateToChatId);
        }
        catch (RequestException e) when (e.HttpStatusCode is { } status)
        {
            // An answer that is not the Bot API envelope: a proxy's error page, or an ok answer we cannot read.
            return (ApiResult<T>.Failure(status == HttpStatusCode.OK
                ? new ApiError(ApiErrorKind.Transient, 200, "unreadable answer")
                : ApiError.Classify((int)status, "HTTP " + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), null)), null);
        }
        catch (RequestException e)
        {
            return (ApiResult<T>.Failure(new ApiError(ApiErrorKind.Transient, 0, e.InnerException is HttpRequestException http ? "connection failed: " + http.HttpRequestError : "timed out")), null);
        }
        catch (OperationCanceledException)
        {
            // Our deadline, not the caller's token.
            return (ApiResult<T>.Failure(new ApiError(ApiErrorKind.Transient, 0, "timed out")), null);
        }
    }

    // The package writes request bodies with its own global options (every accent and HTML tag escaped); ours keep them as they are.
    private static ValueTask WriteCompactBodyAsync(ITelegramBotClient bot, ApiRequestEventArgs args, CancellationToken cancellationToken)
    {
        if (args.HttpRequestMessage is { Content: not null } message)
        {
            var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(args.Request, args.Request.GetType(), TelegramJson.Options));
            body.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            message.Content = body;
        }

        return ValueTask.CompletedTask;
    }
}
