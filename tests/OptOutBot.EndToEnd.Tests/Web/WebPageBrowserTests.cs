using System.Diagnostics;
using OptOutBot.EndToEnd.Tests.Infrastructure;
using OptOutBot.Testing;
using OptOutBot.Testing.Tools;
using Xunit.Abstractions;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>
/// Drives the chat page in headless Chromium (page-check.mjs, playwright-core): keyboard use, 360 px width, a question,
/// a choice, the language switch, forget, no cookies, no console or CSP errors. Needs `Web/setup.sh`; skipped without it.
/// </summary>
public sealed class WebPageBrowserTests(ITestOutputHelper output)
{
    [RequiresFact(TestTool.Chromium)]
    public async Task ChatPage_WithTheRealBot_WorksByKeyboardOnAPhoneWidth_WithoutCookiesOrErrors()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Web:RateLimitPerMinute"] = "0" });
        await CheckAsync(bot.BaseAddress);
    }

    [RequiresFact(TestTool.Chromium)]
    public async Task ChatPage_ShowsHtmlInAnswersAsText()
    {
        // The scripted engine answers with "<img src=x onerror=alert(1)>" in its text: page-check.mjs fails if it becomes an element.
        await using var server = await WebChatServer.StartAsync();
        await CheckAsync(server.BaseAddress);
    }

    private async Task CheckAsync(Uri baseAddress)
    {
        var (exitCode, log) = await PageCheck.RunAsync(baseAddress);
        output.WriteLine(log);
        Assert.True(exitCode == 0, "page-check.mjs failed:\n" + log);
        Assert.Contains("page check passed", log, StringComparison.Ordinal);
    }
}

internal static class PageCheck
{
    private static string Chromium => TestTools.ChromiumPath;

    public static async Task<(int ExitCode, string Output)> RunAsync(Uri baseAddress)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = SourceFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("page-check.mjs");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["CHROMIUM"] = Chromium;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "page-check.mjs timed out after 90 s\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The Web test folder in the source tree, where setup.sh installs node_modules.</summary>
    private static string SourceFolder() => TestTools.WebCheckFolder;
}
