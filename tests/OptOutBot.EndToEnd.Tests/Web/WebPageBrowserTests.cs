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
        var (exitCode, log) = await PageCheck.RunAsync("page-check.mjs", baseAddress.ToString().TrimEnd('/'));
        output.WriteLine(log);
        Assert.True(exitCode == 0, "page-check.mjs failed:\n" + log);
        Assert.Contains("page check passed", log, StringComparison.Ordinal);
    }
}

/// <summary>
/// The page as a person uses it, on five screens (desktop 1280×900 and phone 390×844, light and dark; 200 % zoom with
/// reduced motion): the Instagram guide to its end, a clarification, the language switch and Forget, with every new
/// button on screen and uncovered after each answer (person-check.mjs). Screenshots of every step go to
/// <see cref="PageCheck.ScreenshotFolder"/>.
/// </summary>
public sealed class WebPagePersonTests(WebPagePersonTests.Bot bot, ITestOutputHelper output) : IClassFixture<WebPagePersonTests.Bot>
{
    [RequiresTheory(TestTool.Chromium)]
    [InlineData("desktop-light")]
    [InlineData("desktop-dark")]
    [InlineData("phone-light")]
    [InlineData("phone-dark")]
    [InlineData("zoom200")]
    public async Task ChatPage_GuideClarifyLanguageForget_EveryNewButtonVisibleAndUncovered(string setup)
    {
        var (exitCode, log) = await PageCheck.RunAsync("person-check.mjs", (await bot.AddressAsync()).ToString().TrimEnd('/'), setup, PageCheck.ScreenshotFolder);
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"person-check.mjs {setup} failed (screenshots in {PageCheck.ScreenshotFolder}):\n" + log);
        Assert.Contains("person check passed: " + setup, log, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(PageCheck.ScreenshotFolder, setup + "-*.png"));
    }

    /// <summary>One real bot for the five set-ups (each uses its own conversation).</summary>
    public sealed class Bot : IAsyncLifetime
    {
        private RunningBot? running;

        public async Task<Uri> AddressAsync()
        {
            running ??= await RunningBot.StartAsync(new Dictionary<string, string?> { ["Web:RateLimitPerMinute"] = "0", ["Broadcasts:Enabled"] = "false" });
            return running.BaseAddress;
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (running is not null)
            {
                await running.DisposeAsync();
            }
        }
    }
}

internal static class PageCheck
{
    private static string Chromium => TestTools.ChromiumPath;

    /// <summary>Where the browser checks save their screenshots: bin/…/artifacts/web-screenshots under the test output.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "web-screenshots");

    public static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = SourceFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHROMIUM"] = Chromium;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, script + " timed out after 240 s\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The Web test folder in the source tree, where setup.sh installs node_modules.</summary>
    private static string SourceFolder() => TestTools.WebCheckFolder;
}
