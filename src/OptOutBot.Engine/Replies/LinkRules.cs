namespace OptOutBot.Engine.Replies;

/// <summary>
/// The one check for every url the bot shows (inline links, link buttons, sources) on every platform: an absolute
/// http(s) url with a host, and none of the characters that could end a link early in some platform's syntax
/// (spaces, quotes, angle brackets, control characters). A url that fails is shown as its label only, or left out.
/// </summary>
public static class LinkRules
{
    /// <summary>Long enough for any real page; platforms with a smaller limit pass their own.</summary>
    public const int DefaultMaxLength = 2048;

    // Allocation-free: it runs for every link of every rendered reply.
    public static bool IsSafe(string? url, int maxLength = DefaultMaxLength)
    {
        if (url is null || url.Length > maxLength || HasUnsafeCharacter(url))
        {
            return false;
        }

        var hostStart = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : -1;
        return hostStart > 0 && hostStart < url.Length && url[hostStart] is not ('/' or '?' or '#' or ':' or '@' or '\\');
    }

    /// <summary><see cref="IsSafe"/>, https, and a url .NET parses with a host: what content may link to (the validator's rule).</summary>
    public static bool IsSafeHttps(string? url, int maxLength = DefaultMaxLength) =>
        IsSafe(url, maxLength) && url!.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0;

    private static bool HasUnsafeCharacter(string url)
    {
        foreach (var c in url)
        {
            if (c <= ' ' || c is '"' or '<' or '>' or '\u007f')
            {
                return true;
            }
        }

        return false;
    }
}
