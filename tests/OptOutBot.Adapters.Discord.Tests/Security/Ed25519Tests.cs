using OptOutBot.Adapters.Discord.Security;

namespace OptOutBot.Adapters.Discord.Tests.Security;

public sealed class Ed25519Tests
{
    // RFC 8032 section 7.1: TEST 1, 2, 3 and TEST SHA(abc) as (public key, message, signature).
    public static TheoryData<string, string, string> Vectors()
    {
        var vectors = new (string Key, string Message, string Signature)[]
        {
            ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
            ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
            ("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
            ("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var (key, message, signature) in vectors)
        {
            data.Add(key, message, signature);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Rfc8032Vector_Accepts(string key, string message, string signature) =>
        Assert.True(Ed25519.Verify(Convert.FromHexString(key), Convert.FromHexString(message), Convert.FromHexString(signature)));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_FlippedBitAnywhereInSignature_Rejects(string key, string message, string signature)
    {
        var sig = Convert.FromHexString(signature);
        foreach (var bit in new[] { 0, 7, 100, 255, 256, 300, 511 })
        {
            var forged = (byte[])sig.Clone();
            forged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Ed25519.Verify(Convert.FromHexString(key), Convert.FromHexString(message), forged), $"bit {bit}");
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_WrongKey_Rejects(string key, string message, string signature)
    {
        var other = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        if (key == Convert.ToHexStringLower(other))
        {
            other = Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        }

        Assert.False(Ed25519.Verify(other, Convert.FromHexString(message), Convert.FromHexString(signature)));
    }

    [Fact]
    public void Verify_AlteredMessage_Rejects()
    {
        var key = Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        var sig = Convert.FromHexString("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        Assert.False(Ed25519.Verify(key, [0x73], sig));
        Assert.False(Ed25519.Verify(key, [0x72, 0x00], sig));
        Assert.False(Ed25519.Verify(key, [], sig));
    }

    [Fact]
    public void Verify_TruncatedOrOverlongSignatureOrKey_Rejects()
    {
        var key = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var sig = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Assert.False(Ed25519.Verify(key, [], sig.AsSpan(0, 63)));
        Assert.False(Ed25519.Verify(key, [], [.. sig, 0]));
        Assert.False(Ed25519.Verify(key, [], []));
        Assert.False(Ed25519.Verify(key.AsSpan(0, 31), [], sig));
    }

    [Fact]
    public void Verify_NonCanonicalS_Rejects()
    {
        // S + L (the group order) verifies under a lax implementation; RFC 8032 5.1.7 requires S < L.
        var key = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var sig = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        var s = new System.Numerics.BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: false);
        var order = System.Numerics.BigInteger.Pow(2, 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
        var forged = (byte[])sig.Clone();
        (s + order).TryWriteBytes(forged.AsSpan(32), out var written, isUnsigned: true, isBigEndian: false);
        Assert.Equal(32, written);
        Assert.False(Ed25519.Verify(key, [], forged));
    }

    [Fact]
    public void Verify_SmallOrderKeyWithZeroSignature_Rejects()
    {
        // The identity point as public key with R = identity, S = 0 "verifies" any message under a lax implementation;
        // libsodium (inside NSec) refuses small-order keys.
        var identity = new byte[32];
        identity[0] = 1;
        var sig = new byte[64];
        sig[0] = 1;
        Assert.False(Ed25519.Verify(identity, "x"u8, sig));
        Assert.False(Ed25519.Verify(new byte[32], "x"u8, new byte[64]));
    }

    [Fact]
    public void Verify_SignedByTestSigner_Accepts()
    {
        var signer = Support.TestSigner.Random();
        var message = "1700000000{\"type\":1}"u8.ToArray();
        Assert.True(Ed25519.Verify(Convert.FromHexString(signer.PublicKeyHex), message, signer.Sign(message)));
    }
}
