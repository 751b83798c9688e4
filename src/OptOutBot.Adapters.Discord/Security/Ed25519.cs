using System.Runtime.InteropServices;

namespace OptOutBot.Adapters.Discord.Security;

/// <summary>
/// Ed25519 signature verification (RFC 8032) through a native library already on the machine, since .NET has no
/// Ed25519 API: libsodium when present (about twice as fast), otherwise OpenSSL's libcrypto 3, which .NET itself needs on Linux.
/// Both reject non-canonical S and malformed keys.
/// </summary>
internal static partial class Ed25519
{
    public const int PublicKeyLength = 32;
    public const int SignatureLength = 64;

    private const string Sodium = "libsodium.so.23";
    private const string Crypto = "libcrypto.so.3";
    private const int EvpPkeyEd25519 = 1087; // NID_ED25519

    private static readonly Lazy<Ed25519Backend> Available = new(Probe);

    /// <summary>The library in use: "libsodium" or "libcrypto"; throws when neither can be loaded.</summary>
    public static Ed25519Backend Backend => Available.Value;

    /// <summary>True when <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Verify(Backend, publicKey, message, signature);

    /// <summary>Same with one implementation forced (tests check both against the same vectors).</summary>
    public static bool Verify(Ed25519Backend backend, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        return backend switch
        {
            Ed25519Backend.Libsodium => VerifySodium(publicKey, message, signature),
            Ed25519Backend.Libcrypto => VerifyCrypto(publicKey, message, signature),
            _ => false,
        };
    }

    /// <summary>Whether a given implementation can be loaded here.</summary>
    public static bool IsAvailable(Ed25519Backend backend)
    {
        try
        {
            return backend switch
            {
                Ed25519Backend.Libsodium => sodium_init() >= 0,
                Ed25519Backend.Libcrypto => OpenSSL_version_num() >= 0x30000000,
                _ => false,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    private static Ed25519Backend Probe()
    {
        if (IsAvailable(Ed25519Backend.Libsodium))
        {
            return Ed25519Backend.Libsodium;
        }

        if (IsAvailable(Ed25519Backend.Libcrypto))
        {
            return Ed25519Backend.Libcrypto;
        }

        throw new DllNotFoundException($"Ed25519 needs {Sodium} (apt-get install libsodium23) or {Crypto} (openssl).");
    }

    private static unsafe bool VerifySodium(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        fixed (byte* pk = publicKey)
        fixed (byte* m = message)
        fixed (byte* sig = signature)
        {
            return crypto_sign_verify_detached(sig, m, (ulong)message.Length, pk) == 0;
        }
    }

    private static unsafe bool VerifyCrypto(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        fixed (byte* pk = publicKey)
        fixed (byte* m = message)
        fixed (byte* sig = signature)
        {
            var key = EVP_PKEY_new_raw_public_key(EvpPkeyEd25519, 0, pk, (nuint)publicKey.Length);
            if (key == 0)
            {
                return false;
            }

            var ctx = EVP_MD_CTX_new();
            try
            {
                return ctx != 0
                    && EVP_DigestVerifyInit(ctx, 0, 0, 0, key) == 1
                    && EVP_DigestVerify(ctx, sig, (nuint)signature.Length, m, (nuint)message.Length) == 1;
            }
            finally
            {
                EVP_MD_CTX_free(ctx);
                EVP_PKEY_free(key);
                ERR_clear_error(); // a failed verify queues an error on this thread; do not leak it to .NET's own OpenSSL use
            }
        }
    }

    [LibraryImport(Sodium)]
    private static partial int sodium_init();

    [LibraryImport(Sodium)]
    private static unsafe partial int crypto_sign_verify_detached(byte* sig, byte* m, ulong mlen, byte* pk);

    [LibraryImport(Crypto)]
    private static partial ulong OpenSSL_version_num();

    [LibraryImport(Crypto)]
    private static unsafe partial nint EVP_PKEY_new_raw_public_key(int type, nint engine, byte* key, nuint keyLength);

    [LibraryImport(Crypto)]
    private static partial void EVP_PKEY_free(nint key);

    [LibraryImport(Crypto)]
    private static partial nint EVP_MD_CTX_new();

    [LibraryImport(Crypto)]
    private static partial void EVP_MD_CTX_free(nint ctx);

    [LibraryImport(Crypto)]
    private static partial int EVP_DigestVerifyInit(nint ctx, nint keyContext, nint digest, nint engine, nint key);

    [LibraryImport(Crypto)]
    private static unsafe partial int EVP_DigestVerify(nint ctx, byte* sig, nuint sigLength, byte* message, nuint messageLength);

    [LibraryImport(Crypto)]
    private static partial void ERR_clear_error();
}

internal enum Ed25519Backend
{
    Libsodium,
    Libcrypto,
}
