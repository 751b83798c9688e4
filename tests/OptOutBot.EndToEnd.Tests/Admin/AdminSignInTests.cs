using System.Net;
using Microsoft.Extensions.Options;
using OptOutBot.Admin;
using OptOutBot.Cli;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Admin;

/// <summary>Sign-in by a password stored only as its hash (made by <c>optoutbot admin hash-password</c>), and sign-out that revokes the session.</summary>
public sealed class AdminSignInTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task HashPasswordVerb_PrintsAHashThatSignsIn_TheTokenIsNotNeeded_AndTheWrongPasswordIsRefused()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(0, AdminCommand.HashPassword(new StringReader(Password + "\n"), output, errors));
        var hash = output.ToString().Trim();
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        Assert.Equal(1, AdminCommand.HashPassword(new StringReader("short\n"), TextWriter.Null, errors));
        Assert.Contains("at least 12 characters", errors.ToString(), StringComparison.Ordinal);

        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Admin:PasswordHash"] = hash, ["Broadcasts:Enabled"] = "false" });
        using var client = new AdminClient(bot);
        using (var signInPage = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, signInPage.StatusCode);
            Assert.Contains("console password (Admin:PasswordHash)", await signInPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrong = await client.SignInAsync(Password + "!"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var hashItself = await client.SignInAsync(hash))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, hashItself.StatusCode); // the stored value is not a password
        }

        using (var right = await client.SignInAsync(Password))
        {
            Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        }

        using var overview = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    [Fact]
    public async Task InvalidPasswordHash_StopsTheStart_NamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningBot.StartAsync(new Dictionary<string, string?> { ["Admin:PasswordHash"] = "md5$abc" }));
        Assert.Contains("Admin:PasswordHash", ex.Message, StringComparison.Ordinal);
        Assert.Contains("optoutbot admin hash-password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_RevokesTheSession_ACopiedCookieNoLongerWorks()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Admin:Token"] = AdminClient.Token, ["Broadcasts:Enabled"] = "false" });
        using var client = new AdminClient(bot);
        (await client.SignInAsync()).Dispose();
        var cookie = client.Cookies.GetCookies(new Uri(bot.BaseAddress, "/admin"))[AdminSession.CookieName]!.Value;
        var csrf = await client.CsrfAsync();

        using var copy = new AdminClient(bot);
        copy.Cookies.Add(bot.BaseAddress, new Cookie(AdminSession.CookieName, cookie, "/admin"));
        using (var before = await copy.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var signOut = await client.PostAsync("/admin/sign-out", new Dictionary<string, string> { ["csrf"] = csrf }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        }

        using var after = await copy.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("name=\"token\"", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
