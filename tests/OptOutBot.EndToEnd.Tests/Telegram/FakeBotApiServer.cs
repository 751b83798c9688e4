using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// Our own Bot API stand-in on a loopback port, for what no emulator does: scripted failures (429 with retry_after,
/// 403, 5xx), slow answers, and queued updates for getUpdates. Records every call with the time it arrived.
/// </summary>
internal sealed class FakeBotApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Scripted>> _scripts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<JsonObject> _updates = new();

    private FakeBotApiServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<(string Method, JsonObject Body, DateTimeOffset At)> Calls { get; } = new();

    public static async Task<FakeBotApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new FakeBotApiServer(app);
        app.MapPost("/bot{token}/{method}", (RequestDelegate)server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>The next call to <paramref name="method"/> gets this answer (after <paramref name="delay"/>); later calls get the default ok answer.</summary>
    public void Script(string method, int status, string body, TimeSpan delay = default) =>
        _scripts.GetOrAdd(method, _ => new()).Enqueue(new Scripted(status, body, delay));

    /// <summary>Queues an update for the next getUpdates.</summary>
    public void QueueUpdate(string json) => _updates.Enqueue(JsonNode.Parse(json)!.AsObject());

    public IReadOnlyList<(JsonObject Body, DateTimeOffset At)> CallsTo(string method) =>
        Calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).Select(c => (c.Body, c.At)).ToList();

    public async Task<IReadOnlyList<JsonObject>> WaitForCallsAsync(string method, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var calls = CallsTo(method);
            if (calls.Count >= count)
            {
                return calls.Select(c => c.Body).ToList();
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"expected {count} {method} calls, got {CallsTo(method).Count}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = (string)context.Request.RouteValues["method"]!;
        // A method without parameters (getMe) comes with no body at all, as the Bot API allows.
        using var read = new StreamReader(context.Request.Body);
        var raw = await read.ReadToEndAsync(context.RequestAborted);
        var body = raw.Length == 0 ? [] : JsonNode.Parse(raw) as JsonObject ?? [];
        Calls.Enqueue((method, body, DateTimeOffset.UtcNow));
        var status = 200;
        string answer;
        if (_scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            if (scripted.Delay > TimeSpan.Zero)
            {
                await Task.Delay(scripted.Delay, context.RequestAborted);
            }

            (status, answer) = (scripted.Status, scripted.Body);
        }
        else
        {
            answer = method.ToLowerInvariant() switch
            {
                "getme" => """{"ok":true,"result":{"id":123,"is_bot":true,"first_name":"Bot","username":"FakeBot"}}""",
                "sendmessage" => """{"ok":true,"result":{"message_id":""" + Calls.Count + ""","date":1,"chat":{"id":1,"type":"private"}}}""",
                "getupdates" => await NextUpdatesAsync(context.RequestAborted),
                _ => """{"ok":true,"result":true}""",
            };
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer);
    }

    private async Task<string> NextUpdatesAsync(CancellationToken cancellationToken)
    {
        // A short long-poll, so the bot's loop does not spin.
        for (var i = 0; i < 10 && _updates.IsEmpty; i++)
        {
            await Task.Delay(50, cancellationToken);
        }

        var result = new JsonArray();
        while (_updates.TryDequeue(out var update))
        {
            result.Add(update);
        }

        return new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString();
    }

    private sealed record Scripted(int Status, string Body, TimeSpan Delay);
}
