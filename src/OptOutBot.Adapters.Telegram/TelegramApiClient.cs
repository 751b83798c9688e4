using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Telegram.Bot;
using global::Telegram.Bot.Args;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Requests.Abstractions;
using global::Telegram.Bot.Types;
using OptOutBot.Adapters.Http;
using OptOutBot.Adapters.Telegram.Api;
using OptOutBot.Adapters.Telegram.Wire;

namespace OptOutBot.Adapters.Telegram;

/// <summary>
/// The Bot API through Telegram.Bot's <see cref="TelegramBotClient"/> (its own 429 waits off), with failures as
/// <see cref="ApiError"/> values instead of exceptions. Three ways to call, each over its own client of the shared HTTP
/// set-up (registered in <see cref="TelegramServiceCollectionExtensions"/>): <see cref="CallAsync{T}"/> for interactive
/// calls (replies, button answers, registration), whose 5xx, timeouts and short 429s the set-up retries on
/// <see cref="TimeProvider"/>; <see cref="SendOnceAsync{T}"/> for proactive sends, one attempt (a send that timed out may
/// still have arrived, so only the broadcast lane may decide to send again); <see cref="PollAsync"/> for the long poll,
/// one attempt with the poll's wait on top of the timeout. A group that became a supergroup is followed once
/// (migrate_to_chat_id): Telegram refused the first request, so the resend is no second copy.
/// </summary>
internal sealed class TelegramApiClient
{
    /// <summary>Interactive calls: the shared set-up's retries.</summary>
    public const string HttpClientName = "telegram";

    /// <summary>Proactive sends: one attempt.</summary>
    public const string ProactiveHttpClientName = "telegram-proactive";

    /// <summary>getUpdates: one attempt, the loop is the retry.</summary>
    public const string PollingHttpClientName = "telegram-polling";

    private readonly TelegramBotClient _interactive;
    private readonly TelegramBotClient _proactive;
    private readonly TelegramBotClient _polling;
    private readonly ILogger<TelegramApiClient> _logger;

    public TelegramApiClient(IHttpClientFactory http, IOptions<TelegramOptions> options, ILogger<TelegramApiClient> logger)
    {
        _logger = logger;
        var settings = options.Value;
        var api = new Uri(settings.ApiBaseUrl);
        var baseUrl = api.Host == "api.telegram.org" && api.Scheme == Uri.UriSchemeHttps ? null : api.GetLeftPart(UriPartial.Authority);
        _interactive = Bot(settings.BotToken, baseUrl, http.CreateClient(HttpClientName));
        _proactive = Bot(settings.BotToken, baseUrl, http.CreateClient(ProactiveHttpClientName));
        _polling = Bot(settings.BotToken, baseUrl, http.CreateClient(PollingHttpClientName));
    }

    /// <summary>An interactive call: retried by the shared set-up (Telegram:MaxRetries, Telegram:MaxRateLimitWait).</summary>
    public Task<ApiResult<T>> CallAsync<T>(IRequest<T> request, CancellationToken cancellationToken = default) =>
        SendAsync(_interactive, request, cancellationToken);

    /// <summary>One attempt (and a resend to the new chat if the group moved). Failures, 429 included, come back at once.</summary>
    public Task<ApiResult<T>> SendOnceAsync<T>(IRequest<T> request, CancellationToken cancellationToken = default) =>
        SendAsync(_proactive, request, cancellationToken);

    /// <summary>One long poll.</summary>
    public Task<ApiResult<Update[]>> PollAsync(GetUpdatesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(_polling, request, cancellationToken);

    private static TelegramBotClient Bot(string token, string? baseUrl, HttpClient http)
    {
        // No waiting inside the package (on the system clock, outside our limits): 429s come back to the shared set-up.
        var bot = new TelegramBotClient(new TelegramBotClientOptions(token, baseUrl) { RetryThreshold = 0, RetryCount = 1 }, http);
        bot.OnMakingApiRequest += WriteCompactBodyAsync;
        return bot;
    }

    private async Task<ApiResult<T>> SendAsync<T>(TelegramBotClient bot, IRequest<T> request, CancellationToken cancellationToken)
    {
        var attempt = await AttemptAsync(bot, request, cancellationToken).ConfigureAwait(false);
        long? migratedTo = null;
        if (attempt.MigrateTo is { } chatId && Moved(request, chatId))
        {
            migratedTo = chatId;
            attempt = await AttemptAsync(bot, request, cancellationToken).ConfigureAwait(false);
        }

        if (attempt.Result.Error is { } error)
        {
            Log.CallFailed(_logger, request.MethodName, error.Code, error.Kind, error.Description);
        }

        return attempt.Result with { MigratedToChatId = migratedTo };
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

    private static async Task<(ApiResult<T> Result, long? MigrateTo)> AttemptAsync<T>(TelegramBotClient bot, IRequest<T> request, CancellationToken cancellationToken)
    {
        try
        {
            return (ApiResult<T>.Success(await bot.SendRequest(request, cancellationToken).ConfigureAwait(false)), null);
        }
        catch (RequestException) when (cancellationToken.IsCancellationRequested)
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
            // No answer at all: the shared set-up's attempt timeout, or no connection.
            var reason = e.InnerException is HttpRequestException http && !http.IsTimeout() ? "connection failed: " + http.HttpRequestError : "timed out";
            return (ApiResult<T>.Failure(new ApiError(ApiErrorKind.Transient, 0, reason)), null);
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
