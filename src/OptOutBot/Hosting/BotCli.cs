using System.CommandLine;
using Microsoft.Extensions.Options;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Cli;
using OptOutBot.Engine.Content;

namespace OptOutBot.Hosting;

/// <summary>The command line: serve (default), chat, ask, validate, register, broadcast, admin.</summary>
internal static class BotCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("OptOutBot: helps people in Europe object to AI training on their data.");
        var serve = new Command("serve", "Serve the web chat and every configured platform (the default verb).");
        serve.SetAction((parse, ct) => ServeAsync(ct));
        root.SetAction((parse, ct) => ServeAsync(ct));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(ChatCommand.Create());
        root.Subcommands.Add(AskCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(RegisterCommand.Create());
        root.Subcommands.Add(BroadcastCommand.Create());
        root.Subcommands.Add(AdminCommand.Create());
        AcceptSettings(root);
        return root;
    }

    /// <summary>Parses the arguments; the tokens no verb claims (<c>--Section:Key=value</c>) become command-line settings.</summary>
    public static ParseResult Parse(string[] args)
    {
        var parse = Create().Parse(args);
        BotConfiguration.CommandLine = [.. parse.UnmatchedTokens];
        return parse;
    }

    private static void AcceptSettings(Command command)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        foreach (var sub in command.Subcommands)
        {
            AcceptSettings(sub);
        }
    }

    private static async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var app = BotHost.Build();
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (ContentValidationException ex)
        {
            await Console.Error.WriteLineAsync("Refusing to start: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (DeadlineCalendarException ex)
        {
            await Console.Error.WriteLineAsync("Refusing to start: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Refusing to start, invalid settings:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures.Select(f => "  " + f))).ConfigureAwait(false);
            return 1;
        }
    }
}
