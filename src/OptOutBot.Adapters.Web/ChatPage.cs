using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using OptOutBot.Adapters.Web.Wire;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Web;

/// <summary>
/// The chat page's files, read once from the assembly's embedded resources and served with strict security headers.
/// The page is static: its strings (ui.yaml <c>web</c>, every language, as <c>ui.json</c>), the language buttons and the
/// question length limit are filled in at start, and again after each content hot reload (the next request gets them,
/// with a new ETag).
/// </summary>
internal sealed partial class ChatPage
{
    // No inline script or style anywhere on the page, so 'self' is all it needs.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'none'; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly WebOptions options;
    private volatile Dictionary<string, Asset> assets;

    public ChatPage(WebOptions options, IContentCatalog catalog, LiveContent? live = null)
    {
        this.options = options;
        assets = Build(catalog);
        if (live is not null)
        {
            // One reference swap: a request in flight keeps the set it started with.
            live.Changed += next => assets = Build(next);
        }
    }

    public IEnumerable<string> Paths => assets.Keys;

    private Dictionary<string, Asset> Build(IContentCatalog catalog)
    {
        var built = new Dictionary<string, Asset>(StringComparer.Ordinal);
        void Add(string path, string text, string contentType) => built[path] = Asset.Of(text, contentType);
        var strings = catalog.Locales.ToDictionary(l => l, l => catalog.PageStrings(l), StringComparer.Ordinal);
        var first = strings[catalog.DefaultLocale];
        var index = Read("index.html")
            .Replace("{{maxQuestionLength}}", options.MaxQuestionLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{lang}}", catalog.DefaultLocale, StringComparison.Ordinal)
            .Replace("{{languageButtons}}", LanguageButtons(catalog, strings), StringComparison.Ordinal)
            .Replace("{{offline}}", Html(Offline(catalog, strings)), StringComparison.Ordinal);
        // The first paint (and a page without JavaScript) reads in the default language; chat.js switches from ui.json.
        index = Placeholder().Replace(index, m => Html(first.TryGetValue(m.Groups[1].Value, out var text) ? text : m.Groups[1].Value));
        Add("/", index, "text/html; charset=utf-8");
        Add("/ui.json", JsonSerializer.Serialize(new PageStrings(catalog.DefaultLocale, catalog.Locales, strings), WebJsonContext.Default.PageStrings), "application/json; charset=utf-8");
        Add("/chat.js", Read("chat.js"), "text/javascript; charset=utf-8");
        Add("/chat.css", Read("chat.css"), "text/css; charset=utf-8");
        Add("/favicon.svg", Read("favicon.svg"), "image/svg+xml");
        return built;
    }

    public Task ServeAsync(HttpContext context)
    {
        var asset = assets[context.Request.Path.Value ?? "/"];
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        // Revalidate every time (cheap with the ETag) so a deployment's new page is picked up at once.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Body).AsTask();
    }

    private static string LanguageButtons(IContentCatalog catalog, Dictionary<string, IReadOnlyDictionary<string, string>> strings)
    {
        var html = new StringBuilder();
        foreach (var locale in catalog.Locales)
        {
            var code = Html(locale);
            var name = strings[locale].TryGetValue("language_name", out var n) ? n : locale;
            html.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" class=\"tool\" data-lang=\"{code}\" lang=\"{code}\" aria-pressed=\"{(locale == catalog.DefaultLocale ? "true" : "false")}\">")
                .Append(Html(locale.ToUpperInvariant()))
                .Append("<span class=\"visually-hidden\"> ").Append(Html(name)).Append("</span></button>");
        }

        return html.ToString();
    }

    /// <summary>What the page says when ui.json cannot load, before it knows the language: every language's line, the default first.</summary>
    private static string Offline(IContentCatalog catalog, Dictionary<string, IReadOnlyDictionary<string, string>> strings) =>
        string.Join(" / ", catalog.Locales.Select(l => strings[l].GetValueOrDefault("offline")).OfType<string>().Distinct(StringComparer.Ordinal));

    // Only the characters that matter in text and quoted attributes: accents stay readable in the page source.
    private static string Html(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Read(string name)
    {
        using var stream = typeof(ChatPage).Assembly.GetManifestResourceStream("wwwroot/" + name)
            ?? throw new InvalidOperationException($"The web chat's embedded file wwwroot/{name} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{web\.([a-z_]+)\}\}")]
    private static partial Regex Placeholder();

    private sealed record Asset(byte[] Body, string ContentType, string ETag)
    {
        public static Asset Of(string text, string contentType)
        {
            var body = Encoding.UTF8.GetBytes(text);
            return new Asset(body, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8)) + "\"");
        }
    }
}
