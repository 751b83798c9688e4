using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>A stand-in for Discord's REST API on loopback: records every call and answers with scripted responses.</summary>
internal sealed class FakeDiscordApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private FakeDiscordApi(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>What to answer when the script is empty.</summary>
    public Func<HttpContext, Task> Default { get; set; } = ctx => Json(ctx, 200, "{\"id\":\"900\"}");

    public static async Task<FakeDiscordApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscordApi(app);
        app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            fake.Requests.Enqueue(new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? string.Empty, ctx.Request.Headers.Authorization.ToString(), body, DateTimeOffset.UtcNow));
            var respond = fake._script.TryDequeue(out var next) ? next : fake.Default;
            await respond(ctx);
        });
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api/v10";
        return fake;
    }

    public void Then(Func<HttpContext, Task> respond) => _script.Enqueue(respond);

    public void Then(int status, string body, params (string Name, string Value)[] headers) => Then(ctx =>
    {
        foreach (var (name, value) in headers)
        {
            ctx.Response.Headers[name] = value;
        }

        return Json(ctx, status, body);
    });

    public static async Task Json(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string Method, string Path, string Authorization, string Body, DateTimeOffset At);
