using System.Diagnostics;
using OptOutBot.EndToEnd.Tests.Infrastructure;
using OptOutBot.Testing;
using Xunit.Abstractions;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>
/// Drives the chat page in headless Chromium (page-check.mjs, playwright-core): keyboard use, 360 px width, a question,
/// a choice, the language switch, forget, no cookies, no console or CSP errors. Needs `Web/setup.sh`; skipped without it.
/// </summary>
public sealed class WebPageBrowserTests(ITestOutputHelper output)
{
    [BrowserFact]
    public async Task ChatPage_WithTheRealBot_WorksByKeyboardOnAPhoneWidth_WithoutCookiesOrErrors()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Web:RateLimitPerMinute"] = "0" });
        await CheckAsync(bot.BaseAddress);
    }

    [BrowserFact]
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

/// <summary>A [Fact] that skips, saying how to enable it, when Chromium or playwright-core is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (PageCheck.MissingReason() is { } reason)
        {
            Skip = reason;
        }
    }
}

internal static class PageCheck
{
    private static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string? MissingReason()
    {
        if (!File.Exists(Chromium))
        {
            return $"Chromium not found at {Chromium}: run tests/OptOutBot.EndToEnd.Tests/Web/setup.sh to run the browser check.";
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (!path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "node"))))
        {
            return "node not found on PATH: install Node.js and run tests/OptOutBot.EndToEnd.Tests/Web/setup.sh to run the browser check.";
        }

        if (!Directory.Exists(Path.Combine(SourceFolder(), "node_modules", "playwright-core")))
        {
            return "playwright-core not installed: run tests/OptOutBot.EndToEnd.Tests/Web/setup.sh to run the browser check.";
        }

        return null;
    }

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
    private static string SourceFolder() => Path.Combine(RepositoryPaths.Root, "tests", "OptOutBot.EndToEnd.Tests", "Web");
}
