using System.Net;
using System.Text.RegularExpressions;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Admin;

/// <summary>An operator's browser, reduced to what the console relies on: a cookie jar, the page's Origin on posts, the CSRF token from the page.</summary>
internal sealed partial class AdminClient : IDisposable
{
    public const string Token = "test-console-secret-0123456789";

    private readonly HttpClient http;

    public AdminClient(RunningBot bot, string? origin = null)
    {
        Cookies = new CookieContainer();
        http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = bot.BaseAddress };
        Origin = origin ?? bot.BaseAddress.GetLeftPart(UriPartial.Authority);
    }

    public CookieContainer Cookies { get; }

    public string Origin { get; set; }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path.TrimStart('/'));

    public Task<HttpResponseMessage> PostAsync(string path, IDictionary<string, string> form, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Origin", origin ?? Origin);
        return http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SignInAsync(string token = Token) => await PostAsync("/admin/sign-in", new Dictionary<string, string> { ["token"] = token });

    /// <summary>The CSRF token a console page carries in its forms.</summary>
    public async Task<string> CsrfAsync(string page = "/admin")
    {
        using var response = await GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        return CsrfField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no CSRF token on " + page + ": " + response.StatusCode);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"csrf\" value=\"([0-9a-f]+)\"")]
    private static partial Regex CsrfField();
}
