using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Admin;

/// <summary>The console off and on, over real HTTP against the real host: 404s, sign-in, cross-site refusals, the overview's counts.</summary>
public sealed partial class AdminConsoleTests
{
    private static readonly string[] Paths = ["/admin", "/admin/", "/admin/sign-in", "/admin/broadcasts", "/admin/broadcasts.json", "/admin/content", "/admin/questions", "/admin/admin.css", "/admin/admin.js", "/admin/anything/else"];

    private static Task<RunningBot> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Admin:Token"] = AdminClient.Token, ["Web:RateLimitPerMinute"] = "0", ["Broadcasts:Enabled"] = "false" };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return RunningBot.StartAsync(settings);
    }

    [Fact]
    public async Task TokenUnset_EveryAdminPathIs404()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Broadcasts:Enabled"] = "false" });
        using var client = new AdminClient(bot);
        foreach (var path in Paths)
        {
            using var get = await client.GetAsync(path);
            Assert.True(get.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {get.StatusCode}");
            using var post = await client.PostAsync(path, new Dictionary<string, string> { ["token"] = AdminClient.Token });
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, $"POST {path}: {post.StatusCode}");
        }

        Assert.Empty(client.Cookies.GetAllCookies());
    }

    [Fact]
    public async Task TokenSet_WithoutSession_EveryPathGetsTheSignInPageAndNothingElse()
    {
        await using var bot = await StartAsync();
        using var client = new AdminClient(bot);
        foreach (var path in Paths.Where(p => p != "/admin/admin.css"))
        {
            using var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path}: {response.StatusCode}");
            Assert.Contains("name=\"token\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("admin.js", html, StringComparison.Ordinal);
            Assert.DoesNotContain("broadcasts", html, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        // A forged or expired-looking cookie is no session either.
        client.Cookies.Add(bot.BaseAddress, new Cookie("optoutbot_admin", "v1.9999999999.00ff.deadbeef", "/admin"));
        using var forged = await client.GetAsync("/admin/broadcasts.json");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongSecretRefused_RightSecretGivesAStrictHttpOnlySessionCookie()
    {
        await using var bot = await StartAsync();
        using var client = new AdminClient(bot);
        using (var wrong = await client.SignInAsync("not-the-console-secret-at-all"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        using var right = await client.SignInAsync();
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("optoutbot_admin=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AdminClient.Token, cookie, StringComparison.Ordinal);

        using var overview = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("data-metric=\"turns\"", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrossSitePosts_AreRefused_AndQueueNothing()
    {
        await using var bot = await StartAsync();
        using var client = new AdminClient(bot);
        using (var crossSiteSignIn = await client.PostAsync("/admin/sign-in", new Dictionary<string, string> { ["token"] = AdminClient.Token }, origin: "https://evil.example"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSiteSignIn.StatusCode);
            Assert.False(crossSiteSignIn.Headers.Contains("Set-Cookie"));
        }

        (await client.SignInAsync()).Dispose();
        var csrf = await client.CsrfAsync("/admin/broadcasts");
        var form = new Dictionary<string, string> { ["csrf"] = csrf, ["topic"] = "", ["text-fr"] = "Annonce", ["text-en"] = "Announcement" };

        using (var crossSite = await client.PostAsync("/admin/broadcasts/send", form, origin: "https://evil.example"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        }

        using (var sandboxed = await client.PostAsync("/admin/broadcasts/send", form, origin: "null"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, sandboxed.StatusCode); // "Origin: null" and no fetch metadata saying same-origin
        }

        using (var noToken = await client.PostAsync("/admin/broadcasts/send", form.Where(f => f.Key != "csrf").ToDictionary()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        }

        using (var otherToken = await client.PostAsync("/admin/broadcasts/send", new Dictionary<string, string>(form) { ["csrf"] = new string('0', 64) }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherToken.StatusCode);
        }

        using var status = await client.GetAsync("/admin/broadcasts.json");
        Assert.Empty((await status.Content.ReadFromJsonAsync<JsonObject>())!["broadcasts"]!.AsArray());

        // The same form from the console's own page goes through.
        using var sameSite = await client.PostAsync("/admin/broadcasts/send", form);
        Assert.Equal(HttpStatusCode.SeeOther, sameSite.StatusCode);
    }

    [Fact]
    public async Task Overview_ShowsTheExactCountsOfScriptedConversations_AndTheDatabaseKeepsNoIdOrText()
    {
        await using var bot = await StartAsync();
        using var chat = bot.CreateClient();
        // Five people; each ends with "forget me", confirmed. Expected counts come from what each turn answered.
        var script = new (string Id, string? Locale, object[] Turns)[]
        {
            // "formulaire" first: after the Instagram guide it would be read as a follow-up of it, not asked about.
            ("scripted-person-aaaa1111", "fr-FR", [Text("formulaire"), Text("comment m'opposer sur instagram ?"), Text("xqzv plonk wubba")]),
            ("scripted-person-bbbb2222", "en-GB", [Text("is whatsapp affected?"), Text("is whatsapp affected?"), Text("zzgl frobnicate")]),
            ("scripted-person-cccc3333", "fr-FR", [Text("comment m'opposer sur instagram ?"), Action("s:instagram/privacy-center"), Action("m")]),
            ("scripted-person-dddd4444", "en-GB", [Text("how do i opt out on facebook?")]),
            ("scripted-person-eeee5555", "fr-FR", [Text("whatsapp est concerné ?")]),
        };
        var outcomes = new List<(string Locale, string Outcome, string? Topic)>();
        var texts = new List<string>();
        foreach (var (id, locale, turns) in script)
        {
            foreach (var turn in turns.Append(Command("forget")).Append(Command("forget", "yes")))
            {
                var body = new JsonObject { ["conversationId"] = id, ["locale"] = locale };
                foreach (var (k, v) in (Dictionary<string, string>)turn)
                {
                    body[k] = v;
                    if (k == "text")
                    {
                        texts.Add(v);
                    }
                }

                using var response = await chat.PostAsJsonAsync("api/chat", body);
                response.EnsureSuccessStatusCode();
                var reply = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                outcomes.Add(((string)reply["locale"]!, (string)reply["outcome"]!, (string?)reply["topic"]));
            }
        }

        // The script covers every kind of turn the overview separates.
        Assert.Contains(outcomes, o => o.Outcome == "clarify");
        Assert.Contains(outcomes, o => o.Outcome == "fallback");
        Assert.Contains(outcomes, o => o.Outcome == "topic");
        Assert.Contains(outcomes, o => o.Outcome == "flowStep");

        using var admin = new AdminClient(bot);
        (await admin.SignInAsync()).Dispose();
        using var page = await admin.GetAsync("/admin");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(outcomes.Count, Metric(html, "turns"));
        Assert.Equal(outcomes.Count(o => o.Outcome is "topic" or "flowStep"), Metric(html, "answered"));
        Assert.Equal(outcomes.Count(o => o.Outcome == "clarify"), Metric(html, "clarified"));
        Assert.Equal(outcomes.Count(o => o.Outcome == "fallback"), Metric(html, "fallback"));
        foreach (var locale in new[] { "fr", "en" })
        {
            var row = Regex.Match(html, $"data-channel=\"web\" data-locale=\"{locale}\"><td>[^<]*</td><td>web</td><td>{locale}</td><td data-metric=\"day-turns\">(\\d+)</td>");
            Assert.True(row.Success, "no per-day row for web/" + locale);
            Assert.Equal(outcomes.Count(o => o.Locale == locale), int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        var topTopic = outcomes.Where(o => o.Outcome == "topic").GroupBy(o => o.Topic).OrderByDescending(g => g.Count()).First();
        Assert.Matches($"data-topic=\"{topTopic.Key}\"><td>{topTopic.Key}</td><td data-metric=\"topic-count\">{topTopic.Count()}</td>", html);

        // Nothing in the file (nor its write-ahead log) names a person or holds what they wrote.
        await Task.Delay(1500); // the conversation store writes behind (batched); let it drain before the scan
        var files = Checkpoint(bot.DatabasePath);
        var bytes = files.SelectMany(File.ReadAllBytes).ToArray();
        foreach (var (id, _, _) in script)
        {
            Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(id)) < 0, $"the database still holds the id {id}");
        }

        foreach (var text in texts.Distinct())
        {
            Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(text)) < 0, $"the database holds the text \"{text}\"");
        }

        Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes("usage_counter")) >= 0, "the scan did not read the database");
    }

    private static Dictionary<string, string> Text(string text) => new() { ["text"] = text };

    private static Dictionary<string, string> Action(string action) => new() { ["action"] = action };

    private static Dictionary<string, string> Command(string name, string? argument = null) =>
        argument is null ? new() { ["command"] = name } : new() { ["command"] = name, ["argument"] = argument };

    private static int Metric(string html, string name)
    {
        var m = Regex.Match(html, $"data-metric=\"{name}\">(\\d+)<");
        Assert.True(m.Success, "no metric " + name);
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the write-ahead log into the file and empties it, then lists what is on disk.</summary>
    private static string[] Checkpoint(string path)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(0L, reader.GetInt64(0)); // 0 = not blocked by a reader or writer
        }

        return new[] { path, path + "-wal", path + "-journal" }.Where(File.Exists).ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
