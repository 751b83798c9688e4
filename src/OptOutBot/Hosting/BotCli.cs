using System.CommandLine;

namespace OptOutBot.Hosting;

/// <summary>The command line: serve (default), chat, ask, validate, register, broadcast.</summary>
internal static class BotCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("OptOutBot: helps people object to AI training on their data.");
        var serve = new Command("serve", "Serve the web chat and every configured platform (the default).");
        serve.SetAction(async (parse, ct) =>
        {
            await BotHost.Build([]).RunAsync(ct);
            return 0;
        });
        root.Subcommands.Add(serve);
        root.SetAction(async (parse, ct) =>
        {
            await BotHost.Build([]).RunAsync(ct);
            return 0;
        });
        return root;
    }
}
