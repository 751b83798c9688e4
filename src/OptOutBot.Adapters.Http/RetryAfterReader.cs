namespace OptOutBot.Adapters.Http;

/// <summary>
/// The wait a platform asked for in a 429 or 503 answer, or null when it named none. A platform whose body says more
/// than its headers (Discord's fractional <c>retry_after</c>, Telegram's <c>parameters.retry_after</c>) brings its own;
/// reading the body buffers it, so the caller can still read it afterwards.
/// </summary>
public delegate ValueTask<TimeSpan?> RetryAfterReader(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken);

/// <summary>The standard HTTP <c>Retry-After</c> header: seconds, or a date (counted from <see cref="TimeProvider"/>).</summary>
public static class RetryAfterHeader
{
    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    public static ValueTask<TimeSpan?> ReadAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Read(response, time));
}
