using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OptOutBot.Admin;

/// <summary>
/// <c>Admin:PasswordHash</c>: "pbkdf2-sha256$iterations$salt$hash" (salt and hash in base64), made by
/// <c>optoutbot admin hash-password</c>. The configuration then holds no usable secret.
/// </summary>
public static class AdminPassword
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the lowest a hash may use.</summary>
    public const int Iterations = 600_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password, int iterations = Iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Null when <paramref name="encoded"/> is well formed, otherwise what is wrong with it.</summary>
    public static string? Problem(string encoded) => Parse(encoded, out _, out _, out _);

    public static bool Verify(string encoded, string? password)
    {
        if (password is null || Parse(encoded, out var iterations, out var salt, out var expected) is not null)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string? Parse(string encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encoded.Trim().Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            return $"expected \"{Scheme}$iterations$salt$hash\" (make one with `optoutbot admin hash-password`)";
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < Iterations)
        {
            return $"the iteration count must be a number of at least {Iterations}";
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return "the salt and the hash must be base64";
        }

        return salt.Length < SaltBytes || hash.Length < HashBytes ? $"the salt needs {SaltBytes}+ bytes and the hash {HashBytes}+" : null;
    }
}
