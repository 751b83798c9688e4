using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>Test RSA signing keys, their JWKS (with Bot Framework endorsements) and tokens minted with them.</summary>
internal sealed class TestTokens
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string EmulatorIssuer = "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0";

    private readonly Dictionary<string, (RSA Rsa, string[] Endorsements)> _keys = new();

    // RSA key generation is slow; tests share one default key and one stranger's key.
    private static readonly RSA DefaultKey = RSA.Create(2048);
    private static readonly RSA StrangerKey = RSA.Create(2048);

    public TestTokens()
    {
        _keys["key-1"] = (DefaultKey, ["webchat", "msteams", "directline", "emulator"]);
    }

    public RSA AddKey(string kid, string[] endorsements)
    {
        var rsa = RSA.Create(2048);
        _keys[kid] = (rsa, endorsements);
        return rsa;
    }

    public string Jwks()
    {
        var keys = _keys.Select(k =>
        {
            var p = k.Value.Rsa.ExportParameters(false);
            return new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = k.Key,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                ["endorsements"] = k.Value.Endorsements,
            };
        });
        return JsonSerializer.Serialize(new { keys });
    }

    public static string Metadata(string issuer, string jwksUri) => JsonSerializer.Serialize(new { issuer, jwks_uri = jwksUri });

    public string Channel(string serviceUrl, Action<Dictionary<string, object>>? edit = null, string kid = "key-1", string alg = SecurityAlgorithms.RsaSha256, DateTime? now = null)
    {
        var t = now ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = ChannelIssuer,
            ["aud"] = AppId,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = EpochTime.GetIntDate(t.AddMinutes(-1)),
            ["exp"] = EpochTime.GetIntDate(t.AddMinutes(60)),
        };
        edit?.Invoke(claims);
        return Sign(claims, kid, alg);
    }

    public string Emulator(Action<Dictionary<string, object>>? edit = null, string kid = "key-1", DateTime? now = null)
    {
        var t = now ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = EmulatorIssuer,
            ["aud"] = AppId,
            ["ver"] = "2.0",
            ["azp"] = AppId,
            ["nbf"] = EpochTime.GetIntDate(t.AddMinutes(-1)),
            ["exp"] = EpochTime.GetIntDate(t.AddMinutes(60)),
        };
        edit?.Invoke(claims);
        return Sign(claims, kid, SecurityAlgorithms.RsaSha256);
    }

    public string Sign(Dictionary<string, object> claims, string kid, string alg)
    {
        var rsa = _keys.TryGetValue(kid, out var entry) ? entry.Rsa : StrangerKey;
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, alg),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token ("alg":"none") with otherwise valid claims.</summary>
    public static string Unsigned(string serviceUrl)
    {
        static string Part(object o) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(o)));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Part(new { alg = "none", typ = "JWT", kid = "key-1" }) + "." + Part(new Dictionary<string, object>
        {
            ["iss"] = ChannelIssuer, ["aud"] = AppId, ["serviceurl"] = serviceUrl, ["nbf"] = now - 60, ["exp"] = now + 3600,
        }) + ".";
    }

    /// <summary>A valid token whose signature bytes are altered.</summary>
    public string BadSignature(string serviceUrl)
    {
        var token = Channel(serviceUrl);
        var last = token[^2] == 'A' ? 'B' : 'A';
        return token[..^2] + last + token[^1];
    }
}
