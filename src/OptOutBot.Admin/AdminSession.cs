using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OptOutBot.Admin;

/// <summary>
/// Sign-in by the operator's secret (Admin:Token, or the password of Admin:PasswordHash) and a signed session cookie.
/// The cookie is "v1.expiry.nonce.mac" with an HMAC keyed by a hash of both settings, so every instance sharing them
/// accepts it and changing either signs everyone out. Signing out revokes the cookie's nonce on this instance until it
/// would have expired. The CSRF token of a form is derived from the session's nonce: another site can neither read nor guess it.
/// </summary>
internal sealed class AdminSession(AdminOptions options, TimeProvider time)
{
    public const string CookieName = "optoutbot_admin";

    private readonly byte[] key = SHA256.HashData(Encoding.UTF8.GetBytes("optoutbot-admin-session\n" + options.Token + "\n" + options.PasswordHash));
    private readonly byte[] tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));
    private readonly Dictionary<string, DateTimeOffset> revoked = new(StringComparer.Ordinal);

    /// <summary>The token (constant-time: hashing first makes both sides the same length) or the password of the hash.</summary>
    public bool IsSecret(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        var token = options.Token.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), tokenHash);
        return token || (options.PasswordHash.Length > 0 && AdminPassword.Verify(options.PasswordHash, candidate));
    }

    /// <summary>Which settings sign in, for the sign-in page's label.</summary>
    public string SecretName => (options.Token.Length > 0, options.PasswordHash.Length > 0) switch
    {
        (true, true) => "the Admin:Token secret or the console password",
        (false, true) => "the console password (Admin:PasswordHash)",
        _ => "the Admin:Token secret",
    };

    /// <summary>Sign-out: this session's cookie stops working at once, even if someone kept a copy.</summary>
    public void Revoke(string session)
    {
        var parts = session.Split('.');
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[1], CultureInfo.InvariantCulture));
        lock (revoked)
        {
            var now = time.GetUtcNow();
            foreach (var gone in revoked.Where(r => r.Value <= now).Select(r => r.Key).ToList())
            {
                revoked.Remove(gone);
            }

            revoked[parts[2]] = expires;
        }
    }

    public string Issue(HttpContext context)
    {
        var expires = time.GetUtcNow() + options.SessionLifetime;
        var payload = "v1." + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var value = payload + "." + Mac(payload);
        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/admin",
            Expires = expires,
            IsEssential = true,
        });
        return value;
    }

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/admin", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });

    /// <summary>The valid, unexpired session of the request, or null.</summary>
    public string? Current(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || value is null || value.Length > 200)
        {
            return null;
        }

        var parts = value.Split('.');
        if (parts.Length != 4 || parts[0] != "v1" || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(parts[0] + "." + parts[1] + "." + parts[2]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3])))
        {
            return null;
        }

        lock (revoked)
        {
            if (revoked.ContainsKey(parts[2]))
            {
                return null;
            }
        }

        return DateTimeOffset.FromUnixTimeSeconds(expiry) > time.GetUtcNow() ? value : null;
    }

    public string CsrfToken(string session) => Mac("csrf:" + session.Split('.')[2]);

    public bool IsCsrfToken(string session, string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CsrfToken(session)), Encoding.ASCII.GetBytes(candidate));

    /// <summary>A short name for the session in the audit log (not usable to sign in).</summary>
    public static string Fingerprint(string? session) =>
        session is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(session)))[..10];

    /// <summary>
    /// A form post must come from this console's own pages: the browser's Origin (or, without it, Sec-Fetch-Site, which
    /// no page can set) says so. Neither header: refused, since every browser that could carry the cookie sends one.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        // "null" is what a browser sends under a no-referrer policy or from a sandbox: then only fetch metadata can tell.
        if (origin.Length > 0 && origin != "null")
        {
            return string.Equals(origin, request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "same-origin", StringComparison.Ordinal);
    }

    private string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
}

/// <summary>At most a few wrong secrets per minute for the whole console: guessing a 16+ character token stays hopeless.</summary>
internal sealed class SignInThrottle(TimeProvider time)
{
    private const int MaxFailuresPerMinute = 5;
    private readonly Queue<DateTimeOffset> failures = new();

    public bool IsBlocked()
    {
        lock (failures)
        {
            Trim();
            return failures.Count >= MaxFailuresPerMinute;
        }
    }

    public void Failed()
    {
        lock (failures)
        {
            failures.Enqueue(time.GetUtcNow());
            Trim();
        }
    }

    private void Trim()
    {
        var since = time.GetUtcNow().AddMinutes(-1);
        while (failures.Count > 0 && failures.Peek() < since)
        {
            failures.Dequeue();
        }
    }
}
