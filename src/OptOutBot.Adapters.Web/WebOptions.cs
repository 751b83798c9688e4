using Microsoft.Extensions.Options;

namespace OptOutBot.Adapters.Web;

/// <summary>Settings of the bot's own chat page and its JSON endpoint (section "Web").</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>Serve the chat page at "/" and the endpoint at "/api/chat". On by default: it needs no credentials.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest request body accepted; larger ones get 413 without being read.</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Longest question (after control characters are stripped); longer ones get 400. The page's input has the same limit.</summary>
    public int MaxQuestionLength { get; set; } = 500;

    /// <summary>Requests per minute per client IP address on "/api/chat"; 0 turns the limit off (e.g. for load tests).</summary>
    public int RateLimitPerMinute { get; set; } = 60;
}

/// <summary>Checks <see cref="WebOptions"/> at start; each message names the setting and the fix.</summary>
internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBodyBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"Web:MaxBodyBytes is {options.MaxBodyBytes}; set it between 1024 and 1048576 (default 16384).");
        }

        if (options.MaxQuestionLength is < 1 or > 4000)
        {
            errors.Add($"Web:MaxQuestionLength is {options.MaxQuestionLength}; set it between 1 and 4000 (default 500).");
        }
        else if (options.MaxQuestionLength * 6 + 512 > options.MaxBodyBytes)
        {
            // A question of MaxQuestionLength characters, each escaped as \uXXXX, must still fit in the body.
            errors.Add($"Web:MaxBodyBytes ({options.MaxBodyBytes}) is too small for Web:MaxQuestionLength ({options.MaxQuestionLength}); raise MaxBodyBytes to at least {options.MaxQuestionLength * 6 + 512}.");
        }

        if (options.RateLimitPerMinute < 0)
        {
            errors.Add($"Web:RateLimitPerMinute is {options.RateLimitPerMinute}; set it to 0 (no limit) or more (default 60).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
