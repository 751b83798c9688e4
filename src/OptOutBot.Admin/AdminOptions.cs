using Microsoft.Extensions.Options;

namespace OptOutBot.Admin;

/// <summary>The operator console at /admin. Off (every /admin path 404) unless <see cref="Token"/> or <see cref="PasswordHash"/> is set.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The secret an operator signs in with (at least 16 characters); empty = the console is off.</summary>
    public string Token { get; set; } = "";

    /// <summary>Or a password, stored only as its PBKDF2 hash (<see cref="AdminPassword"/>); either secret signs in.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Days of aggregate usage counters kept (and shown on the overview).</summary>
    public int KeepDays { get; set; } = 90;

    /// <summary>How long a sign-in lasts.</summary>
    public int SessionHours { get; set; } = 8;

    public bool Enabled => Token.Length > 0 || PasswordHash.Length > 0;
}

internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var errors = new List<string>();
        if (options.Token.Length > 0 && options.Token.Trim().Length < 16)
        {
            errors.Add("Admin:Token must be at least 16 characters (e.g. `openssl rand -hex 24`), or empty to turn the console off.");
        }

        if (options.PasswordHash.Length > 0 && AdminPassword.Problem(options.PasswordHash) is { } problem)
        {
            errors.Add($"Admin:PasswordHash is not valid: {problem}.");
        }

        if (options.KeepDays is < 1 or > 3650)
        {
            errors.Add("Admin:KeepDays must be between 1 and 3650 (days of usage counters kept).");
        }

        if (options.SessionHours is < 1 or > 168)
        {
            errors.Add("Admin:SessionHours must be between 1 and 168.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
