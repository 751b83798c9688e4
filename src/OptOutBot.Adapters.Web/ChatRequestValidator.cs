using System.Text;
using OptOutBot.Adapters.Web.Wire;
using OptOutBot.Engine;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Adapters.Web;

/// <summary>
/// Turns a parsed <see cref="ChatRequest"/> into an <see cref="InboundMessage"/>, or a 400 error saying what is wrong.
/// Text is cleaned (control and bidi-override characters stripped, line breaks made spaces) before its length is checked.
/// </summary>
internal static class ChatRequestValidator
{
    public const string Channel = "web";
    private const int MaxCommandLength = 32;
    private const int MaxArgumentLength = 64;
    private const int MaxLocaleLength = 35;

    public static bool TryCreate(ChatRequest request, WebOptions options, string? acceptLanguage, out InboundMessage message, out ChatError? error)
    {
        message = null!;
        var id = request.ConversationId;
        if (id is null || !IsConversationId(id))
        {
            error = new ChatError("bad_conversation_id", "conversationId must be 8 to 64 characters of A-Z, a-z, 0-9, '_' or '-'.");
            return false;
        }

        var inputs = (request.Text is null ? 0 : 1) + (request.Action is null ? 0 : 1) + (request.Command is null ? 0 : 1);
        if (inputs != 1)
        {
            error = new ChatError("bad_input", "Send exactly one of text, action or command.");
            return false;
        }

        MessageInput input;
        if (request.Text is not null)
        {
            var text = CleanText(request.Text);
            if (text.Length > options.MaxQuestionLength)
            {
                error = new ChatError("text_too_long", $"text is longer than {options.MaxQuestionLength} characters; ask a shorter question.");
                return false;
            }

            // Empty text goes to the engine, which answers it kindly (like any other channel).
            input = new TextInput(text);
        }
        else if (request.Action is not null)
        {
            // Any well-formed id goes to the engine, which answers unknown or stale ones with its "no longer valid" reply.
            if (request.Action.Length is 0 or > ActionIds.MaxLength || !IsPrintableAscii(request.Action))
            {
                error = new ChatError("bad_action", $"action must be 1 to {ActionIds.MaxLength} printable ASCII characters.");
                return false;
            }

            input = new ActionInput(request.Action);
        }
        else
        {
            var name = request.Command!.Trim().TrimStart('/').ToLowerInvariant();
            if (name.Length is 0 or > MaxCommandLength || !IsCommandName(name))
            {
                error = new ChatError("bad_command", $"command must be 1 to {MaxCommandLength} letters, digits or '_'.");
                return false;
            }

            string? argument = null;
            if (request.Argument is not null)
            {
                argument = CleanText(request.Argument);
                if (argument.Length > MaxArgumentLength)
                {
                    error = new ChatError("bad_argument", $"argument is longer than {MaxArgumentLength} characters.");
                    return false;
                }

                if (argument.Length == 0)
                {
                    argument = null;
                }
            }

            input = new CommandInput(name, argument);
        }

        var hint = IsLocaleTag(request.Locale) ? request.Locale : PreferredLanguage(acceptLanguage);

        // The page has no accounts: the random conversation id is also the person, so /forget erases exactly this chat.
        message = new InboundMessage(Channel, id, id, input, hint);
        error = null;
        return true;
    }

    public static bool IsConversationId(string id)
    {
        if (id.Length is < 8 or > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Strips control characters, bidi overrides and lone surrogates, turns line breaks and tabs into spaces, trims.</summary>
    public static string CleanText(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (NeedsCleaning(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text.Trim();
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c is '\n' or '\r' or '\t')
            {
                sb.Append(' ');
            }
            else if (!NeedsCleaning(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    /// <summary>The highest-weighted language of an Accept-Language header ("fr-CH, fr;q=0.9, en;q=0.8" → "fr-CH"), or null.</summary>
    public static string? PreferredLanguage(string? acceptLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage) || acceptLanguage.Length > 512)
        {
            return null;
        }

        string? best = null;
        var bestQ = 0.0;
        foreach (var part in acceptLanguage.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var semi = part.IndexOf(';', StringComparison.Ordinal);
            var tag = (semi < 0 ? part : part[..semi]).Trim();
            var q = 1.0;
            if (semi >= 0)
            {
                var param = part[(semi + 1)..].Trim();
                if (!param.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    || !double.TryParse(param.AsSpan(2), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out q))
                {
                    continue;
                }
            }

            if (q > bestQ && tag != "*" && IsLocaleTag(tag))
            {
                best = tag;
                bestQ = q;
            }
        }

        return best;
    }

    private static bool NeedsCleaning(char c) =>
        char.IsControl(c)
        || char.IsSurrogate(c)
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\uFEFF';

    private static bool IsPrintableAscii(string s)
    {
        foreach (var c in s)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCommandName(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLocaleTag(string? s)
    {
        if (s is null || s.Length is < 2 or > MaxLocaleLength)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
