using System.Net;
using System.Text.RegularExpressions;

namespace OptOutBot.Adapters.Web.Tests;

public sealed partial class ChatPageTests : IAsyncLifetime
{
    private WebTestServer server = null!;

    public async Task InitializeAsync() => server = await WebTestServer.StartAsync(new() { ["Web:MaxQuestionLength"] = "321" });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/chat.js", "text/javascript")]
    [InlineData("/chat.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/ui.json", "application/json")]
    public async Task PageFiles_AreServedWithStrictSecurityHeaders(string path, string mediaType)
    {
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Page_RevalidatesWithItsETag()
    {
        using var first = await server.Client.GetAsync("/chat.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/chat.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Page_HasNoInlineScriptStyleOrHandlers_AndNothingExternal()
    {
        var html = await server.Client.GetStringAsync("/");
        foreach (Match script in ScriptTag().Matches(html))
        {
            Assert.Matches("src=\"[a-z]", script.Value); // a file of the page itself, relative
        }

        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalUrl(), html);
        Assert.DoesNotMatch(ExternalUrl(), await server.Client.GetStringAsync("/chat.css"));
    }

    [Fact]
    public async Task Page_IsAccessible_ByStructure()
    {
        var html = await server.Client.GetStringAsync("/");
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("role=\"log\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-live=\"polite\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"q\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.Contains("maxlength=\"321\"", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_NeverInjectsHtml()
    {
        var js = await server.Client.GetStringAsync("/chat.js");
        Assert.DoesNotContain("innerHTML", js, StringComparison.Ordinal);
        Assert.DoesNotContain("outerHTML", js, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", js, StringComparison.Ordinal);
        Assert.DoesNotContain("document.write", js, StringComparison.Ordinal);
        Assert.DoesNotContain("eval(", js, StringComparison.Ordinal);
        Assert.DoesNotContain("localStorage", js, StringComparison.Ordinal);
        Assert.DoesNotContain("document.cookie", js, StringComparison.Ordinal);
        Assert.Contains("noopener noreferrer", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageStrings_ComeFromUiYaml_ForEveryLanguage()
    {
        using var json = System.Text.Json.JsonDocument.Parse(await server.Client.GetStringAsync("/ui.json"));
        var root = json.RootElement;
        Assert.Equal("fr", root.GetProperty("defaultLocale").GetString());
        var en = root.GetProperty("strings").GetProperty("en");
        var fr = root.GetProperty("strings").GetProperty("fr");
        Assert.Equal("Forget my data", en.GetProperty("forget").GetString());
        Assert.Equal("Oublier mes données", fr.GetProperty("forget").GetString());
        Assert.Equal("en-GB", en.GetProperty("date_locale").GetString()); // British dates in British-style text
        Assert.Equal("Source: ", en.GetProperty("source_one").GetString());
        Assert.Equal("Sources: ", en.GetProperty("source_other").GetString());
        Assert.Equal("English", en.GetProperty("language_name").GetString());

        // The first paint is the default language, filled in from the same strings; nothing left unfilled.
        var html = await server.Client.GetStringAsync("/");
        Assert.Contains(">Oublier mes données<", html, StringComparison.Ordinal);
        Assert.Contains("data-lang=\"en\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);

        // …and the script carries none of them itself.
        var js = await server.Client.GetStringAsync("/chat.js");
        Assert.DoesNotContain("Forget my data", js, StringComparison.Ordinal);
        Assert.DoesNotContain("Oublier", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_ServesNothing()
    {
        await using var off = await WebTestServer.StartAsync(new() { ["Web:Enabled"] = "false" });
        using var page = await off.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"(src|href)\s*=\s*""(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
