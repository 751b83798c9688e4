using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OptOutBot.Admin.Pages;

namespace OptOutBot.Admin;

/// <summary>
/// Every /admin request comes through here: the session is checked before anything else, so no page, script or data
/// reaches someone who has not signed in (they get the sign-in form, status 401). Posts also need the same origin and
/// the session's CSRF token.
/// </summary>
internal sealed class AdminConsole(AdminSession session, SignInThrottle throttle, ConsolePages pages, ILogger<AdminConsole> logger)
{
    // The console's own files only; form-action 'self' keeps forms posting here.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'none'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // same-origin, not no-referrer: under no-referrer the console's own form posts would carry "Origin: null".
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";

        var path = (request.Path.Value ?? "/admin").TrimEnd('/');
        var post = HttpMethods.IsPost(request.Method);
        if (post && !AdminSession.IsSameOrigin(request))
        {
            Log.Refused(logger, request.Method, path, "cross-site", AdminSession.Fingerprint(session.Current(request)));
            await TextAsync(context, StatusCodes.Status403Forbidden, "This form must be sent from the console's own page.");
            return;
        }

        if (path == "/admin/admin.css")
        {
            // The sign-in page's style: the one file anonymous visitors get, and it says nothing about the bot.
            await AssetAsync(context, "admin.css", "text/css; charset=utf-8");
            return;
        }

        if (path == "/admin/sign-in" && post)
        {
            await SignInAsync(context);
            return;
        }

        var current = session.Current(request);
        if (current is null)
        {
            await HtmlAsync(context, StatusCodes.Status401Unauthorized, SignInPage(null));
            return;
        }

        if (post)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            if (!session.IsCsrfToken(current, form["csrf"]))
            {
                Log.Refused(logger, request.Method, path, "missing or wrong CSRF token", AdminSession.Fingerprint(current));
                await TextAsync(context, StatusCodes.Status403Forbidden, "This form has expired: reload the page and try again.");
                return;
            }

            if (path == "/admin/sign-out")
            {
                session.Revoke(current);
                AdminSession.Clear(context);
                Log.SignedOut(logger, AdminSession.Fingerprint(current));
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = "/admin/sign-in";
                return;
            }

            var done = await pages.PostAsync(path, form, new ConsolePages.Operator(AdminSession.Fingerprint(current), session.CsrfToken(current)), context.RequestAborted);
            await WriteAsync(context, done);
            return;
        }

        if (path == "/admin/admin.js")
        {
            await AssetAsync(context, "admin.js", "text/javascript; charset=utf-8");
            return;
        }

        if (path == "/admin/sign-in")
        {
            context.Response.Redirect("/admin", permanent: false);
            return;
        }

        await WriteAsync(context, await pages.GetAsync(path, request.Query, session.CsrfToken(current), context.RequestAborted));
    }

    private async Task SignInAsync(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (throttle.IsBlocked())
        {
            Log.SignInRefused(logger, "too many attempts", address);
            await HtmlAsync(context, StatusCodes.Status429TooManyRequests, SignInPage("Too many wrong attempts: wait a minute."));
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (!session.IsSecret(form?["token"]))
        {
            throttle.Failed();
            Log.SignInRefused(logger, "wrong secret", address);
            await HtmlAsync(context, StatusCodes.Status401Unauthorized, SignInPage("That is not " + session.SecretName + "."));
            return;
        }

        var issued = session.Issue(context);
        Log.SignedIn(logger, AdminSession.Fingerprint(issued), address);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/admin";
    }

    private string SignInPage(string? error) => Html.Page("Sign in", "", $"""
        {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{Html.Text(error)}</p>")}
        <form method="post" action="/admin/sign-in" class="card">
          <label for="token">Console secret: {Html.Text(session.SecretName)}</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
          <button type="submit">Sign in</button>
        </form>
        """, csrf: null);

    private static Task WriteAsync(HttpContext context, ConsolePages.Result result)
    {
        if (result.Redirect is { } to)
        {
            // 303: after a form post, the browser follows with a GET (a reload does not send the form again).
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = to;
            return Task.CompletedTask;
        }

        if (result.Json is { } json)
        {
            context.Response.StatusCode = result.Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(json, context.RequestAborted);
        }

        return HtmlAsync(context, result.Status, result.Html ?? "");
    }

    private static Task HtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static async Task AssetAsync(HttpContext context, string name, string contentType)
    {
        await using var stream = typeof(AdminConsole).Assembly.GetManifestResourceStream("admin/" + name)
            ?? throw new InvalidOperationException($"The console's embedded file {name} is missing from the build.");
        context.Response.ContentType = contentType;
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
