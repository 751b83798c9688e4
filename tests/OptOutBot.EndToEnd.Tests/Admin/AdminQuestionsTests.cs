using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OptOutBot.EndToEnd.Tests.Infrastructure;
using OptOutBot.Testing;

namespace OptOutBot.EndToEnd.Tests.Admin;

/// <summary>
/// The unanswered-questions page against the real host serving a temp copy of dialogs/: an operator teaches the bot a
/// question (written, validated, reloaded: the next person gets the answer), marks a phrase off-topic, sees a refused
/// edit undone with its file:line errors, deletes one group and then all.
/// </summary>
public sealed partial class AdminQuestionsTests : IAsyncLifetime
{
    private const string Zorblat = "does the zorblat thing apply to whatsapp groups";
    private const string Trombone = "trombone lessons near me";
    private const string Gibberish = "xqzv plonk wubba";

    private readonly TempFolder _folder = new();
    private string _dialogs = null!;
    private RunningBot _bot = null!;
    private HttpClient _chat = null!;
    private AdminClient _admin = null!;

    public async Task InitializeAsync()
    {
        _dialogs = Path.Combine(_folder.Path, "dialogs");
        Copy(Path.Combine(RepositoryPaths.Root, "dialogs"), _dialogs);
        _bot = await RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Token"] = AdminClient.Token,
            ["Content:Path"] = _dialogs,
            ["Conversation:LogUnansweredQuestions"] = "true",
            ["Web:RateLimitPerMinute"] = "0",
            ["Broadcasts:Enabled"] = "false",
        });
        _chat = _bot.CreateClient();
        _admin = new AdminClient(_bot);
        (await _admin.SignInAsync()).Dispose();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _chat.Dispose();
        await _bot.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Operator_TeachesAnExample_MarksOffTopic_SeesARefusedEditUndone_DeletesOneThenAll()
    {
        foreach (var question in new[] { "Does the zorblat thing apply to WhatsApp groups?", Zorblat, Zorblat, Trombone, Gibberish })
        {
            Assert.Equal("fallback", (await AskAsync(question))["outcome"]!.GetValue<string>());
        }

        // Grouped by similarity (the newest phrasing heads its group), with the bot's nearest topics and the exact YAML line for each.
        var zorblat = Group(await PageAsync(), Zorblat);
        Assert.Equal("3", Regex.Match(zorblat, "data-metric=\"group-count\">(\\d+)<").Groups[1].Value);
        Assert.Contains("data-topic=\"whatsapp\"", zorblat, StringComparison.Ordinal);
        Assert.Contains($"<code class=\"yaml\">  - &quot;{Zorblat}&quot;</code> under <code>examples:</code> in <code>dialogs/en/topics/whatsapp.yaml</code>", zorblat, StringComparison.Ordinal);

        // "Add as an example of whatsapp": written, validated, reloaded; the next person asking gets the answer.
        var topicFile = Path.Combine(_dialogs, "en", "topics", "whatsapp.yaml");
        using (var added = await PostAsync("/admin/questions/example", zorblat, new() { ["topic"] = "whatsapp" }))
        {
            var html = await added.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            Assert.Contains("the content is valid and reloaded", html, StringComparison.Ordinal);
            Assert.Contains("The nearest topic for it is now whatsapp.", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Zorblat, Regex.Replace(html, "<p class=\"notice card\".*?</p>", ""), StringComparison.Ordinal); // the taught group left the list
        }

        Assert.Contains($"\n  - \"{Zorblat}\"\n", await File.ReadAllTextAsync(topicFile), StringComparison.Ordinal);
        var answer = await AskAsync(Zorblat);
        Assert.Equal("topic", answer["outcome"]!.GetValue<string>());
        Assert.Equal("whatsapp", answer["topic"]!.GetValue<string>());

        // A refused edit: an example that reads like another topic's example (the validator refuses the collision). The file
        // is put back byte for byte, the errors are shown as file:line, and the bot keeps serving its content.
        var beforeRefused = await File.ReadAllBytesAsync(topicFile);
        var page = await PageAsync();
        using (var refused = await PostAsync("/admin/questions/example", Group(page, Trombone), new() { ["topic"] = "whatsapp", ["text"] = "gdpr access request facebook" }))
        {
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
            Assert.Contains("dialogs/en/topics/whatsapp.yaml was put back as it was", html, StringComparison.Ordinal);
            Assert.Matches(@"<li><code>dialogs/en/topics/whatsapp\.yaml:\d+: error: example &quot;gdpr access request facebook&quot; of &#39;whatsapp&#39; collides", html);
            Assert.Contains(Trombone, html, StringComparison.Ordinal); // still listed: nothing was taught
        }

        Assert.Equal(beforeRefused, await File.ReadAllBytesAsync(topicFile));
        Assert.Equal("whatsapp", (await AskAsync("is whatsapp affected?"))["topic"]!.GetValue<string>());
        var offTopicFile = Path.Combine(_dialogs, "en", "offtopic.yaml");

        // "Mark as off-topic" with the word that makes it so.
        using (var marked = await PostAsync("/admin/questions/offtopic", Group(page, Trombone), new() { ["text"] = "trombone" }))
        {
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
            Assert.Contains("Added - &quot;trombone&quot; under words: in dialogs/en/offtopic.yaml; the content is valid and reloaded", await marked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("\n  - \"trombone\"\n", await File.ReadAllTextAsync(offTopicFile), StringComparison.Ordinal);

        // Delete one group, then all (the box must be ticked).
        await AskAsync("zzgl frobnicate");
        page = await PageAsync();
        using (var deleted = await PostAsync("/admin/questions/delete", Group(page, Gibberish), []))
        {
            var html = await deleted.Content.ReadAsStringAsync();
            Assert.Contains("Deleted 1 question.", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Gibberish, html, StringComparison.Ordinal);
            Assert.Contains("zzgl frobnicate", html, StringComparison.Ordinal);
        }

        var csrf = await _admin.CsrfAsync("/admin/questions");
        using (var unconfirmed = await _admin.PostAsync("/admin/questions/delete-all", new Dictionary<string, string> { ["csrf"] = csrf }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        }

        using (var all = await _admin.PostAsync("/admin/questions/delete-all", new Dictionary<string, string> { ["csrf"] = csrf, ["confirm"] = "yes" }))
        {
            var html = await all.Content.ReadAsStringAsync();
            Assert.Contains("Deleted the only question.", html, StringComparison.Ordinal);
            Assert.Contains("0 redacted questions in 0 groups", html, StringComparison.Ordinal);
        }

        // Bad input is a clear 4xx.
        using var noIds = await _admin.PostAsync("/admin/questions/delete", new Dictionary<string, string> { ["csrf"] = csrf, ["ids"] = "1;DROP" });
        Assert.Equal(HttpStatusCode.BadRequest, noIds.StatusCode);
        using var noTopic = await _admin.PostAsync("/admin/questions/example", new Dictionary<string, string> { ["csrf"] = csrf, ["ids"] = "1", ["locale"] = "en", ["topic"] = "no-such-topic", ["text"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noTopic.StatusCode);
    }

    private async Task<JsonObject> AskAsync(string text)
    {
        using var response = await _chat.PostAsJsonAsync("api/chat", new { conversationId = "admin-q-" + Guid.NewGuid().ToString("N")[..12], locale = "en-GB", text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<string> PageAsync()
    {
        using var response = await _admin.GetAsync("/admin/questions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The card of the group whose heading is <paramref name="question"/>.</summary>
    private static string Group(string page, string question)
    {
        var at = page.IndexOf($">“{question}”</h2>", StringComparison.Ordinal);
        Assert.True(at >= 0, "no group for " + question);
        var start = page.LastIndexOf("<section", at, StringComparison.Ordinal);
        return page[start..page.IndexOf("</section>", at, StringComparison.Ordinal)];
    }

    /// <summary>Sends one of the group's forms (by its action) with its own hidden fields, plus <paramref name="fields"/>.</summary>
    private async Task<HttpResponseMessage> PostAsync(string action, string group, Dictionary<string, string> fields)
    {
        var form = Regex.Match(group, $"<form method=\"post\" action=\"{Regex.Escape(action)}\".*?</form>", RegexOptions.Singleline);
        Assert.True(form.Success, "no form " + action);
        var values = HiddenField().Matches(form.Value).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (k, v) in fields)
        {
            values[k] = v;
        }

        return await _admin.PostAsync(action, values);
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

    [GeneratedRegex("<input type=\"hidden\" name=\"([a-z]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
