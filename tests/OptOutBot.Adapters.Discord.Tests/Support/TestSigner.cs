using System.Runtime.InteropServices;
using System.Text;

namespace OptOutBot.Adapters.Discord.Tests.Support;

/// <summary>Signs like Discord does (Ed25519 over timestamp + body), through OpenSSL's libcrypto, for tests only.</summary>
public sealed partial class TestSigner
{
    /// <summary>The fixed test key pair of the anchors (TEST KEYS ONLY).</summary>
    public static readonly TestSigner Anchor = new("1e6f63cf7a8696d3d15afa497cc2a3bc6124aadb15f050f2c2c54b837c56278c");

    private readonly byte[] _seed;

    public TestSigner(string seedHex)
    {
        _seed = Convert.FromHexString(seedHex);
        PublicKeyHex = Convert.ToHexStringLower(PublicKey(_seed));
    }

    public string PublicKeyHex { get; }

    public static TestSigner Random() => new(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    public string Sign(string timestamp, string body) => Convert.ToHexStringLower(Sign(Encoding.UTF8.GetBytes(timestamp + body)));

    public unsafe byte[] Sign(byte[] message)
    {
        var key = EVP_PKEY_new_raw_private_key(1087, 0, _seed, (nuint)_seed.Length);
        var ctx = EVP_MD_CTX_new();
        try
        {
            var signature = new byte[64];
            nuint length = 64;
            if (EVP_DigestSignInit(ctx, 0, 0, 0, key) != 1 || EVP_DigestSign(ctx, signature, ref length, message, (nuint)message.Length) != 1)
            {
                throw new InvalidOperationException("OpenSSL could not sign");
            }

            return signature;
        }
        finally
        {
            EVP_MD_CTX_free(ctx);
            EVP_PKEY_free(key);
        }
    }

    private static byte[] PublicKey(byte[] seed)
    {
        var key = EVP_PKEY_new_raw_private_key(1087, 0, seed, (nuint)seed.Length);
        try
        {
            var pub = new byte[32];
            nuint length = 32;
            return EVP_PKEY_get_raw_public_key(key, pub, ref length) == 1 ? pub : throw new InvalidOperationException("no public key");
        }
        finally
        {
            EVP_PKEY_free(key);
        }
    }

    [LibraryImport("libcrypto.so.3")]
    private static partial nint EVP_PKEY_new_raw_private_key(int type, nint engine, byte[] key, nuint length);

    [LibraryImport("libcrypto.so.3")]
    private static partial int EVP_PKEY_get_raw_public_key(nint key, byte[] pub, ref nuint length);

    [LibraryImport("libcrypto.so.3")]
    private static partial void EVP_PKEY_free(nint key);

    [LibraryImport("libcrypto.so.3")]
    private static partial nint EVP_MD_CTX_new();

    [LibraryImport("libcrypto.so.3")]
    private static partial void EVP_MD_CTX_free(nint ctx);

    [LibraryImport("libcrypto.so.3")]
    private static partial int EVP_DigestSignInit(nint ctx, nint keyContext, nint digest, nint engine, nint key);

    [LibraryImport("libcrypto.so.3")]
    private static partial int EVP_DigestSign(nint ctx, byte[] signature, ref nuint signatureLength, byte[] message, nuint messageLength);
}
