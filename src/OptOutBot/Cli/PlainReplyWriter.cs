using System.Globalization;
using System.Text;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Cli;

/// <summary>Writes a reply for a terminal: plain text wrapped at word boundaries, numbered choices, link buttons, sources.</summary>
internal static class PlainReplyWriter
{
    /// <summary>Width to wrap at: the terminal's, or none (0) when the output is a file or a pipe.</summary>
    public static int TerminalWidth(TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            return 0;
        }

        try
        {
            return Math.Max(40, Console.WindowWidth - 1);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static IReadOnlyList<Choice> Write(Reply reply, TextWriter output, string sourcesLabel, int width = 0)
    {
        var choices = new List<Choice>();
        foreach (var message in reply.Messages)
        {
            output.WriteLine(Wrap(Markup.ToPlainText(message.Text), width));
            foreach (var link in message.Links)
            {
                output.WriteLine($"  → {link.Label}: {link.Url}");
            }

            if (message.Sources.Count > 0)
            {
                output.WriteLine(Wrap($"  {sourcesLabel}: " + string.Join("; ", message.Sources.Select(s => $"{s.Title} ({s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) {s.Url}")), width, "  "));
            }

            foreach (var choice in message.Choices)
            {
                choices.Add(choice);
                output.WriteLine($"  {choices.Count}. {choice.Label}");
            }

            output.WriteLine();
        }

        return choices;
    }

    public static string PlainText(Reply reply) => string.Join("\n\n", reply.Messages.Select(m => Markup.ToPlainText(m.Text)));

    /// <summary>Breaks each line at the last space before <paramref name="width"/>; a word longer than the width (a URL) stays whole.</summary>
    public static string Wrap(string text, int width, string continuation = "")
    {
        if (width <= 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        foreach (var line in text.Split('\n'))
        {
            if (result.Length > 0)
            {
                result.Append('\n');
            }

            var indent = line.Length - line.TrimStart().Length;
            var hanging = continuation.Length > 0 ? continuation : new string(' ', LeadingMarkerWidth(line, indent));
            var column = 0;
            foreach (var word in line.Split(' '))
            {
                if (column > 0 && column + 1 + word.Length > width)
                {
                    result.Append('\n').Append(hanging);
                    column = hanging.Length;
                }
                else if (column > 0)
                {
                    result.Append(' ');
                    column++;
                }

                result.Append(word);
                column += word.Length;
            }
        }

        return result.ToString();
    }

    // A bullet ("- ", "• ") or number ("2. ") keeps its continuation lines aligned with its text.
    private static int LeadingMarkerWidth(string line, int indent)
    {
        var rest = line.AsSpan(indent);
        if (rest.StartsWith("- ") || rest.StartsWith("• "))
        {
            return indent + 2;
        }

        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        return digits > 0 && rest.Length > digits + 1 && rest[digits] == '.' && rest[digits + 1] == ' ' ? indent + digits + 2 : indent;
    }
}
