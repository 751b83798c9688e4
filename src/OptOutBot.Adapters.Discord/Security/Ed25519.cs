using NSec.Cryptography;

namespace OptOutBot.Adapters.Discord.Security;

/// <summary>
/// Ed25519 signature verification (RFC 8032) through NSec, which ships libsodium for every OS (.NET itself has no Ed25519).
/// libsodium rejects non-canonical S, malformed keys and small-order public keys.
/// </summary>
internal static class Ed25519
{
    public const int PublicKeyLength = 32;
    public const int SignatureLength = 64;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    // The configured key is the same on every call: keep the last imported one instead of importing it per request.
    private static ImportedKey? s_last;

    /// <summary>True when <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        var key = Import(publicKey);
        return key is not null && Algorithm.Verify(key, message, signature);
    }

    private static PublicKey? Import(ReadOnlySpan<byte> raw)
    {
        var last = s_last;
        if (last is not null && raw.SequenceEqual(last.Raw))
        {
            return last.Key;
        }

        if (!PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return null;
        }

        s_last = new ImportedKey(raw.ToArray(), key);
        return key;
    }

    private sealed record ImportedKey(byte[] Raw, PublicKey Key);
}
