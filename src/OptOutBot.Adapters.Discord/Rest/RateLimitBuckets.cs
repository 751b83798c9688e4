using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace OptOutBot.Adapters.Discord.Rest;

/// <summary>
/// Discord's rate limits as it announces them: each route maps to a bucket (X-RateLimit-Bucket), kept apart per
/// top-level resource (channel, guild, webhook); a bucket has Remaining calls until Reset-After. A global 429
/// pauses every route. Nothing is hard-coded: an unknown bucket lets the first call through and learns from its headers.
/// </summary>
internal sealed class RateLimitBuckets(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _globalUntilTicks;

    /// <summary>How long to wait before calling <paramref name="route"/> for <paramref name="resource"/>; zero means go now (and a slot was taken).</summary>
    public (TimeSpan Wait, bool Global) Reserve(string route, string resource)
    {
        var now = time.GetUtcNow();
        var global = new DateTimeOffset(Interlocked.Read(ref _globalUntilTicks), TimeSpan.Zero);
        if (global > now)
        {
            return (global - now, true);
        }

        var bucket = _buckets.GetOrAdd(Key(route, resource), static _ => new Bucket());
        lock (bucket)
        {
            if (bucket.Remaining <= 0 && bucket.ResetAt > now)
            {
                return (bucket.ResetAt - now, false);
            }

            if (bucket.Remaining <= 0)
            {
                bucket.Remaining = bucket.Limit; // a new window began
            }

            bucket.Remaining--;
            return (TimeSpan.Zero, false);
        }
    }

    /// <summary>Learns the bucket and its state from a response's X-RateLimit-* headers.</summary>
    public void Update(string route, string resource, HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("X-RateLimit-Bucket", out var hashes) && hashes.FirstOrDefault() is { Length: > 0 } hash)
        {
            var known = _routeBuckets.TryGetValue(route, out var previous);
            _routeBuckets[route] = hash;
            if (!known || previous != hash)
            {
                // Calls made before the hash was known counted against the route's provisional bucket; start clean.
                _buckets.TryRemove(route + "\n" + resource, out _);
            }
        }

        if (!TryDouble(headers, "X-RateLimit-Remaining", out var remaining) || !TryDouble(headers, "X-RateLimit-Reset-After", out var resetAfter))
        {
            return;
        }

        var bucket = _buckets.GetOrAdd(Key(route, resource), static _ => new Bucket());
        lock (bucket)
        {
            if (TryDouble(headers, "X-RateLimit-Limit", out var limit))
            {
                bucket.Limit = Math.Max(1, (int)limit);
            }

            bucket.Remaining = (int)remaining;
            bucket.ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter);
        }
    }

    /// <summary>A 429 for one bucket: nothing more on it until <paramref name="retryAfter"/> has passed.</summary>
    public void Exhausted(string route, string resource, TimeSpan retryAfter)
    {
        var bucket = _buckets.GetOrAdd(Key(route, resource), static _ => new Bucket());
        lock (bucket)
        {
            bucket.Remaining = 0;
            bucket.ResetAt = time.GetUtcNow() + retryAfter;
        }
    }

    /// <summary>A global 429: every route waits.</summary>
    public void PauseAll(TimeSpan retryAfter)
    {
        var until = (time.GetUtcNow() + retryAfter).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _globalUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _globalUntilTicks, until, current) != current);
    }

    private string Key(string route, string resource) =>
        (_routeBuckets.TryGetValue(route, out var hash) ? hash : route) + "\n" + resource;

    private static bool TryDouble(HttpResponseHeaders headers, string name, out double value)
    {
        value = 0;
        return headers.TryGetValues(name, out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private sealed class Bucket
    {
        public int Limit { get; set; } = 1;

        public int Remaining { get; set; } = 1;

        public DateTimeOffset ResetAt { get; set; }
    }
}
