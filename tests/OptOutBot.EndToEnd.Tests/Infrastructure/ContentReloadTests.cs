using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OptOutBot.Hosting;
using OptOutBot.Testing;

namespace OptOutBot.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real host on loopback serving a temp copy of dialogs/: an edited topic file changes the next answer without a
/// restart; a broken edit is refused, logged with file:line, and the previous content keeps answering.
/// </summary>
public sealed partial class ContentReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TempFolder _folder = new();
    private readonly CapturedLogs _logs = new();
    private RunningBot _bot = null!;
    private HttpClient _client = null!;
    private string _topicFile = null!;

    public async Task InitializeAsync()
    {
        var dialogs = Path.Combine(_folder.Path, "dialogs");
        Copy(Path.Combine(RepositoryPaths.Root, "dialogs"), dialogs);
        _topicFile = Path.Combine(dialogs, "en", "topics", "whatsapp.yaml");
        _bot = await RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["Content:Path"] = dialogs,
            ["Content:ReloadDelay"] = "00:00:00.200",
            ["Web:RateLimitPerMinute"] = "0",
        });
        _bot.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        _client = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _bot.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task EditedTopic_ChangesTheNextAnswer_BrokenEdit_IsRefusedWithFileAndLine_AndTheLastGoodTextKeepsServing()
    {
        Assert.DoesNotContain("Reload probe", await AnswerAsync());
        var original = await File.ReadAllTextAsync(_topicFile);

        // A valid edit, written the way editors do (several writes in a burst).
        var edited = AnswerStartsWith(original, "**Reload probe: this answer was edited under a running host.**");
        await File.WriteAllTextAsync(_topicFile, edited[..(edited.Length / 2)]);
        await File.WriteAllTextAsync(_topicFile, edited);
        Assert.True(await EventuallyAsync(async () => (await AnswerAsync()).Contains("Reload probe", StringComparison.Ordinal)), "the edit was not served");

        // A broken edit: the reload is refused, each error is logged as file:line, the edited text keeps serving.
        // The valid edit's burst may still have a reload in flight (six languages take a while to check), so the test
        // waits for the refusal itself rather than for "one more attempt".
        await File.WriteAllTextAsync(_topicFile, edited.Replace("title:", "title: [unclosed", StringComparison.Ordinal));
        Assert.True(
            await EventuallyAsync(() => Task.FromResult(_logs.Warnings.Any(w => w.Contains("Content edit refused", StringComparison.Ordinal)))),
            "the broken edit was not refused");

        Assert.Contains(_logs.Warnings, w => FileAndLine().IsMatch(w));
        Assert.Contains("Reload probe", await AnswerAsync());
    }

    [Fact]
    public async Task EditedPageStrings_AreServedByUiJsonAndThePage_WithANewETag()
    {
        using var before = await _client.GetAsync("/ui.json");
        var etag = before.Headers.ETag!.Tag;
        Assert.DoesNotContain("Reload probe send", await before.Content.ReadAsStringAsync());

        var ui = Path.Combine(_folder.Path, "dialogs", "en", "ui.yaml");
        var original = await File.ReadAllTextAsync(ui);
        Assert.Contains("\n  send: Send\n", original);
        await File.WriteAllTextAsync(ui, original.Replace("\n  send: Send\n", "\n  send: Reload probe send\n", StringComparison.Ordinal));

        Assert.True(await EventuallyAsync(async () => (await _client.GetStringAsync("/ui.json")).Contains("Reload probe send", StringComparison.Ordinal)), "ui.json kept the old strings");
        using var after = await _client.GetAsync("/ui.json");
        Assert.NotEqual(etag, after.Headers.ETag!.Tag); // a browser revalidating with the old ETag gets the new file
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/ui.json");
        revalidate.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        using var fresh = await _client.SendAsync(revalidate);
        Assert.Equal(System.Net.HttpStatusCode.OK, fresh.StatusCode);
    }

    private async Task<string> AnswerAsync()
    {
        using var response = await _client.PostAsJsonAsync("/api/chat", new { conversationId = "e2e-reload-" + Guid.NewGuid().ToString("N")[..8], action = "t:whatsapp", locale = "en" });
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join("\n", reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    private static string AnswerStartsWith(string topicYaml, string line)
    {
        var at = topicYaml.IndexOf("answer: |\n", StringComparison.Ordinal) + "answer: |\n".Length;
        Assert.True(at > "answer: |\n".Length, "the topic has a block answer");
        return topicYaml[..at] + "  " + line + "\n\n" + topicYaml[at..];
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"en/topics/whatsapp\.yaml:\d+")]
    private static partial Regex FileAndLine();
}
