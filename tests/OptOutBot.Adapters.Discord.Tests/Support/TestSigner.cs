using System.Text;
using NSec.Cryptography;

namespace OptOutBot.Adapters.Discord.Tests.Support;

/// <summary>Signs like Discord does (Ed25519 over timestamp + body), through NSec, for tests only.</summary>
public sealed class TestSigner
{
    /// <summary>The fixed test key pair of the anchors (TEST KEYS ONLY).</summary>
    public static readonly TestSigner Anchor = new("1e6f63cf7a8696d3d15afa497cc2a3bc6124aadb15f050f2c2c54b837c56278c");

    private readonly Key _key;

    public TestSigner(string seedHex)
    {
        _key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(seedHex), KeyBlobFormat.RawPrivateKey);
        PublicKeyHex = Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public string PublicKeyHex { get; }

    public static TestSigner Random() => new(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    public string Sign(string timestamp, string body) => Convert.ToHexStringLower(Sign(Encoding.UTF8.GetBytes(timestamp + body)));

    public byte[] Sign(byte[] message) => SignatureAlgorithm.Ed25519.Sign(_key, message);
}
