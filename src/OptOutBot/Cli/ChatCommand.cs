using System.CommandLine;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Cli;

/// <summary><c>optoutbot chat</c>: a conversation in the terminal. Choices are numbered; type the number to press one.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var lang = new Option<string?>("--lang") { Description = "Start in this language, one of dialogs/languages.yaml (fr, en, de, es, it, nl)." };
        var command = new Command("chat", "Talk to the bot in the terminal (choices are numbered; quit, exit or Ctrl+D to leave).") { lang };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(lang), Console.In, Console.Out, ct));
        return command;
    }

    public static async Task<int> RunAsync(string? lang, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        using var services = TerminalEngine.Create();
        var engine = TerminalEngine.TryEngine(services);
        if (engine is null)
        {
            return 1;
        }

        var content = services.GetRequiredService<LiveContent>().Current;
        var conversation = "chat-" + Guid.NewGuid().ToString("N")[..8];
        IReadOnlyList<Choice> choices = [];
        var width = PlainReplyWriter.TerminalWidth(output);

        async Task<string> SendAsync(MessageInput message)
        {
            var result = await engine.HandleAsync(new InboundMessage("cli", conversation, conversation, message, lang), cancellationToken).ConfigureAwait(false);
            output.WriteLine();
            choices = PlainReplyWriter.Write(result.Reply, output, content.Text(result.Locale, "sources.label"), width);
            return result.Locale;
        }

        var locale = await SendAsync(new CommandInput("start")).ConfigureAwait(false);
        output.WriteLine(PlainReplyWriter.Wrap(content.Text(locale, "chat.hint"), width));
        while (!cancellationToken.IsCancellationRequested)
        {
            output.Write("> ");
            var line = input.ReadLine();
            if (line is null || IsQuit(line))
            {
                break;
            }

            var trimmed = line.Trim();
            if (int.TryParse(trimmed, out var number) && number >= 1 && number <= choices.Count)
            {
                await SendAsync(new ActionInput(choices[number - 1].ActionId)).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(new TextInput(line)).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static bool IsQuit(string line) => line.Trim().TrimStart('/').ToLowerInvariant() is "quit" or "exit" or "q";
}
