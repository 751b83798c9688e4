using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OptOutBot.Storage.Privacy;

/// <summary>
/// Turns a platform id into a keyed hash (HMAC-SHA256, base64url) for the tables that only look people up and never
/// reach them: conversation state, the update log, subscription owners. The key is shared by every host of a
/// deployment (<c>Storage:IdHashKey</c>, or one generated into the database on first run), so all of them agree.
/// </summary>
public sealed class IdHasher
{
    private readonly byte[] _key;

    public IdHasher(byte[] key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("An id hash key needs at least 16 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>The hash of <paramref name="id"/> on <paramref name="channel"/>; empty stays empty (an unlinked row).</summary>
    public string Hash(string channel, string id)
    {
        if (id.Length == 0)
        {
            return "";
        }

        // The channel is part of the input so one number on two platforms does not link two people.
        var input = Encoding.UTF8.GetBytes(channel + "\n" + id);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, mac);
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>A value stored beside the hashes so a host started with another key refuses to start instead of losing everyone.</summary>
    internal string KeyCheck() => Hash("key-check", "optoutbot");

    /// <summary>A setting value as key bytes: base64 when it decodes to 32 bytes or more, else its UTF-8 text.</summary>
    internal static byte[] KeyFromSetting(string setting)
    {
        var bytes = new byte[setting.Length];
        if (Convert.TryFromBase64String(setting, bytes, out var written) && written >= 32)
        {
            return bytes[..written];
        }

        return Encoding.UTF8.GetBytes(setting);
    }

    internal static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
