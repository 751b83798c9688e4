using System.Globalization;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Cli;

/// <summary>Writes a reply for a terminal: plain text, numbered choices, link buttons, sources.</summary>
internal static class PlainReplyWriter
{
    public static IReadOnlyList<Choice> Write(Reply reply, TextWriter output, string sourcesLabel)
    {
        var choices = new List<Choice>();
        foreach (var message in reply.Messages)
        {
            output.WriteLine(Markup.ToPlainText(message.Text));
            foreach (var link in message.Links)
            {
                output.WriteLine($"  → {link.Label}: {link.Url}");
            }

            if (message.Sources.Count > 0)
            {
                output.WriteLine($"  {sourcesLabel}: " + string.Join("; ", message.Sources.Select(s => $"{s.Title} ({s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) {s.Url}")));
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
}
