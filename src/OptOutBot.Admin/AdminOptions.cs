using Microsoft.Extensions.Options;
using OptOutBot.Engine.Configuration;

namespace OptOutBot.Admin;

/// <summary>The operator console at /admin. Off (every /admin path 404) unless <see cref="Token"/> or <see cref="PasswordHash"/> is set.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The secret an operator signs in with (at least 16 characters); empty = the console is off.</summary>
    public string Token { get; set; } = "";

    /// <summary>Or a password, stored only as its PBKDF2 hash (<see cref="AdminPassword"/>); either secret signs in.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>How long aggregate usage counters are kept (and shown on the overview); counters are per day, so whole days.</summary>
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary><see cref="UsageRetention"/> in days.</summary>
    internal int UsageDays => (int)UsageRetention.TotalDays;

    /// <summary>How long a sign-in lasts.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Settings renamed when durations became TimeSpans; a configuration that still uses one is refused at start.</summary>
    internal static readonly RenamedSetting[] Renamed =
    [
        new("KeepDays", nameof(UsageRetention), "90.00:00:00"),
        new("SessionHours", nameof(SessionLifetime), "08:00:00"),
    ];

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

        if (options.UsageRetention < TimeSpan.FromDays(1) || options.UsageRetention > TimeSpan.FromDays(3650) || options.UsageRetention.Ticks % TimeSpan.TicksPerDay != 0)
        {
            errors.Add($"Admin:UsageRetention must be whole days between 1.00:00:00 and 3650.00:00:00 (got {options.UsageRetention}).");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(5) || options.SessionLifetime > TimeSpan.FromDays(7))
        {
            errors.Add($"Admin:SessionLifetime must be between 00:05:00 and 7.00:00:00 (got {options.SessionLifetime}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
