using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace OptOutBot.Adapters.Discord.Security;

/// <summary>
/// Discord signs every interaction: Ed25519 over the X-Signature-Timestamp header followed by the raw body, with the
/// application's key. Checked before anything is parsed; stale timestamps (and, when enabled, replays) are refused.
/// </summary>
internal sealed class InteractionSignature
{
    public const int MaxTimestampLength = 20;

    private readonly byte[] _publicKey;
    private readonly TimeProvider _time;
    private readonly long _toleranceSeconds;
    private readonly ConcurrentDictionary<string, long>? _seen;

    public InteractionSignature(IOptions<DiscordOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _publicKey = o.Enabled ? Convert.FromHexString(o.PublicKey.Trim()) : new byte[Ed25519.PublicKeyLength];
        _time = time;
        _toleranceSeconds = (long)o.TimestampTolerance.TotalSeconds;
        _seen = o.RejectReplays ? new ConcurrentDictionary<string, long>(StringComparer.Ordinal) : null;
    }

    /// <summary>Cheap checks on the headers alone, so forged requests cost no body read: digits, freshness, hex length.</summary>
    public SignatureCheck CheckHeaders(string? timestamp, string? signatureHex)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHex))
        {
            return SignatureCheck.MissingHeaders;
        }

        if (timestamp.Length > MaxTimestampLength || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.BadTimestamp;
        }

        if (Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - seconds) > _toleranceSeconds)
        {
            return SignatureCheck.Stale;
        }

        return signatureHex.Length == Ed25519.SignatureLength * 2 ? SignatureCheck.Valid : SignatureCheck.BadSignature;
    }

    /// <summary>Verifies the signature over <paramref name="timestampAndBody"/> (timestamp bytes immediately followed by the body).</summary>
    public SignatureCheck Verify(string timestamp, string signatureHex, ReadOnlySpan<byte> timestampAndBody)
    {
        Span<byte> signature = stackalloc byte[Ed25519.SignatureLength];
        if (Convert.FromHexString(signatureHex, signature, out _, out var written) != System.Buffers.OperationStatus.Done || written != signature.Length)
        {
            return SignatureCheck.BadSignature;
        }

        if (!Ed25519.Verify(_publicKey, timestampAndBody, signature))
        {
            return SignatureCheck.BadSignature;
        }

        if (_seen is not null && !FirstTime(signatureHex, long.Parse(timestamp, CultureInfo.InvariantCulture)))
        {
            return SignatureCheck.Replayed;
        }

        return SignatureCheck.Valid;
    }

    private bool FirstTime(string signatureHex, long timestamp)
    {
        var seen = _seen!;
        if (seen.Count > 50_000)
        {
            // Anything older than the window would be refused as stale anyway.
            var cutoff = _time.GetUtcNow().ToUnixTimeSeconds() - _toleranceSeconds;
            foreach (var entry in seen)
            {
                if (entry.Value < cutoff)
                {
                    seen.TryRemove(entry.Key, out _);
                }
            }
        }

        return seen.TryAdd(signatureHex.ToLowerInvariant(), timestamp);
    }
}

internal enum SignatureCheck
{
    Valid,
    MissingHeaders,
    BadTimestamp,
    Stale,
    BadSignature,
    Replayed,
}
