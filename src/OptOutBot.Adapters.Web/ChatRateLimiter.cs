using System.Net;
using System.Threading.RateLimiting;

namespace OptOutBot.Adapters.Web;

/// <summary>
/// Per-client limit on /api/chat: a token bucket per remote IP address (System.Threading.RateLimiting, the limiter
/// behind ASP.NET Core's rate-limiting middleware). Used directly by the endpoint so it works whatever middleware the
/// host sets up. Idle buckets are dropped by the partitioned limiter. Behind a reverse proxy, the host must apply
/// forwarded headers or every person shares the proxy's bucket.
/// </summary>
internal sealed class ChatRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? limiter;

    public ChatRateLimiter(int permitsPerMinute)
    {
        if (permitsPerMinute <= 0)
        {
            return;
        }

        // A full bucket allows a burst of a minute's worth; it refills in six steps so a paused person is not locked out for a minute.
        var perStep = Math.Max(1, permitsPerMinute / 6);
        limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(ip => RateLimitPartition.GetTokenBucketLimiter(ip, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permitsPerMinute,
            TokensPerPeriod = perStep,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 * perStep / permitsPerMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>True when the request may go on; otherwise <paramref name="retryAfter"/> says when to try again, if known.</summary>
    public bool TryAcquire(IPAddress? client, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        if (limiter is null)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire(client ?? IPAddress.None);
        if (lease.IsAcquired)
        {
            return true;
        }

        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var after))
        {
            retryAfter = after;
        }

        return false;
    }

    public void Dispose() => limiter?.Dispose();
}
