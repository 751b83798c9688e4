using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Telegram.Api;

/// <summary>What a Bot API call gave: the result, or an error as a value (the envelope's ok:false, HTTP failures, timeouts).</summary>
internal readonly record struct ApiResult<T>(T? Value, ApiError? Error)
{
    public bool Ok => Error is null;

    /// <summary>Set when the chat had moved (group → supergroup) and the call was resent to this id.</summary>
    public long? MigratedToChatId { get; init; }

    public static ApiResult<T> Success(T? value) => new(value, null);

    public static ApiResult<T> Failure(ApiError error) => new(default, error);
}

internal enum ApiErrorKind
{
    /// <summary>429: wait <see cref="ApiError.RetryAfter"/> and call again.</summary>
    FloodControl,

    /// <summary>403, or 400 "chat not found": the bot can no longer write there.</summary>
    RecipientGone,

    /// <summary>5xx, timeout, connection failure: a later call may succeed.</summary>
    Transient,

    /// <summary>Any other refusal (bad request, bad token, conflict): calling again will not help.</summary>
    Rejected,
}

/// <param name="Code">The envelope's error_code, else the HTTP status, else 0 (no answer).</param>
/// <param name="Description">Telegram's description, for logs (it never holds the token or message text).</param>
internal sealed record ApiError(ApiErrorKind Kind, int Code, string Description, TimeSpan? RetryAfter = null)
{
    public SendResult ToSendResult() => Kind switch
    {
        ApiErrorKind.FloodControl => new SendResult.RetryAfter(RetryAfter ?? TimeSpan.FromSeconds(1)),
        ApiErrorKind.RecipientGone => new SendResult.RecipientGone(Description),
        ApiErrorKind.Transient => new SendResult.Failed(Description, Transient: true),
        _ => new SendResult.Failed(Description, Transient: false),
    };

    internal static ApiError Classify(int code, string description, int? retryAfter)
    {
        if (code == 429)
        {
            return new ApiError(ApiErrorKind.FloodControl, code, description, TimeSpan.FromSeconds(Math.Max(1, retryAfter ?? 1)));
        }

        if (code == 403 || (code == 400 && IsGone(description)))
        {
            return new ApiError(ApiErrorKind.RecipientGone, code, description);
        }

        return new ApiError(code is 0 or >= 500 ? ApiErrorKind.Transient : ApiErrorKind.Rejected, code, description);
    }

    private static bool IsGone(string description) =>
        description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
        || description.Contains("user not found", StringComparison.OrdinalIgnoreCase)
        || description.Contains("PEER_ID_INVALID", StringComparison.OrdinalIgnoreCase)
        || description.Contains("bot was kicked", StringComparison.OrdinalIgnoreCase)
        || description.Contains("user is deactivated", StringComparison.OrdinalIgnoreCase);
}
