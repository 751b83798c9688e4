using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.BotFramework.Wire;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>
/// Writes and reads the conversation reference kept as <c>ReplyAddress</c> for proactive messages. A reference
/// taken from an authenticated activity is sealed with an HMAC keyed from the app secret, so that a row edited in
/// the store cannot make us send our token to a serviceUrl of someone else's choosing.
/// </summary>
internal sealed class ConversationReferenceCodec
{
    private readonly byte[]? _key;

    public ConversationReferenceCodec(IOptions<BotFrameworkOptions> options)
    {
        var secret = options.Value.MicrosoftAppPassword;
        if (!string.IsNullOrEmpty(secret))
        {
            _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "optoutbot/botframework/reference"u8.ToArray());
        }
    }

    /// <summary>The reference as a string; sealed (trusted) only when it came from an authenticated activity.</summary>
    public string Encode(StoredReference reference, bool authenticated)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(reference, BotFrameworkJsonContext.Default.StoredReference);
        var text = Encoding.UTF8.GetString(json);
        return authenticated && _key is not null ? text + "." + Base64Url.EncodeToString(Mac(json)) : text;
    }

    /// <summary>The reference, and whether its seal holds (only then may our token be sent to its serviceUrl); null when unreadable.</summary>
    public (StoredReference Reference, bool Trusted)? Decode(string value)
    {
        var json = value;
        byte[]? mac = null;
        if (!value.EndsWith('}'))
        {
            var dot = value.LastIndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            json = value[..dot];
            try
            {
                mac = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        StoredReference? reference;
        var bytes = Encoding.UTF8.GetBytes(json);
        try
        {
            reference = JsonSerializer.Deserialize(bytes, BotFrameworkJsonContext.Default.StoredReference);
        }
        catch (JsonException)
        {
            return null;
        }

        if (reference is null || reference.ServiceUrl.Length == 0 || reference.ConversationId.Length == 0)
        {
            return null;
        }

        var trusted = mac is not null && _key is not null && CryptographicOperations.FixedTimeEquals(mac, Mac(bytes));
        return (reference, trusted);
    }

    private byte[] Mac(byte[] json) => HMACSHA256.HashData(_key!, json).AsSpan(0, 16).ToArray();
}
