using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OptOutBot.EndToEnd.Tests.Broadcasts;

/// <summary>
/// A loopback stand-in for the platforms' "send message" endpoints: POST /{channel}/{address}. It records every request,
/// answers with each platform's own error shapes when a <see cref="Rule"/> says so, and can enforce Telegram's limits
/// (N per second overall, 1 per second per chat, 20 per minute per group) by answering 429 like Telegram does.
/// </summary>
internal sealed class FakePlatformServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly object _limitLock = new();
    private readonly Queue<long> _window = new();
    private readonly Dictionary<string, long> _lastPerChat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<long>> _perGroup = new(StringComparer.Ordinal);

    private FakePlatformServer(WebApplication app) => _app = app;

    /// <summary>Decides an answer for the n-th attempt at an address; null = 200 OK.</summary>
    public delegate Fault? Rule(string channel, string address, int attempt, long requestNumber);

    public Rule? Faults { get; init; }

    /// <summary>When set, 429 any request that breaks Telegram's limits with this overall per-second ceiling.</summary>
    public int? EnforceTelegramLimitsPerSecond { get; init; }

    public string BaseAddress { get; private set; } = "";

    /// <summary>Which Telegram limit each 429 enforced ("overall", "chat &lt;id&gt;", "group").</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<(string Channel, string Address, long Ticks, int Status)> Requests { get; } = new();

    public ConcurrentDictionary<string, int> Delivered { get; } = new(StringComparer.Ordinal);

    /// <summary>The text of the last message delivered to each "channel/address".</summary>
    public ConcurrentDictionary<string, string> LastText { get; } = new(StringComparer.Ordinal);

    private long _requestNumber;

    public static async Task<FakePlatformServer> StartAsync(Rule? faults = null, int? enforceTelegramLimitsPerSecond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakePlatformServer(app) { Faults = faults, EnforceTelegramLimitsPerSecond = enforceTelegramLimitsPerSecond };
        app.MapPost("/{channel}/{address}", async (string channel, string address, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            return server.Handle(channel, address, await reader.ReadToEndAsync(), context);
        });
        await app.StartAsync();
        server.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    private IResult Handle(string channel, string address, string text, HttpContext context)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var number = Interlocked.Increment(ref _requestNumber);
        var attempt = _attempts.AddOrUpdate($"{channel}/{address}", 1, (_, n) => n + 1);
        var fault = EnforceTelegramLimitsPerSecond is { } ceiling && BreaksTelegramLimits(address, now, ceiling)
            ? new Fault(429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}""")
            : Faults?.Invoke(channel, address, attempt, number);

        Requests.Enqueue((channel, address, now, fault?.Status ?? 200));
        if (fault is null)
        {
            Delivered.AddOrUpdate($"{channel}/{address}", 1, (_, n) => n + 1);
            LastText[$"{channel}/{address}"] = text;
            return Results.Text("""{"ok":true}""", "application/json");
        }

        if (fault.RetryAfterHeader is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Results.Text(fault.Body, "application/json", statusCode: fault.Status);
    }

    private bool BreaksTelegramLimits(string address, long now, int ceiling)
    {
        var second = System.Diagnostics.Stopwatch.Frequency;
        lock (_limitLock)
        {
            while (_window.Count > 0 && now - _window.Peek() >= second)
            {
                _window.Dequeue();
            }

            if (_window.Count >= ceiling)
            {
                Violations.Enqueue("overall");
                return true;
            }

            if (_lastPerChat.TryGetValue(address, out var last) && now - last < second)
            {
                Violations.Enqueue("chat " + address);
                return true;
            }

            var isGroup = address.StartsWith('-');
            if (isGroup)
            {
                var group = _perGroup.TryGetValue(address, out var q) ? q : _perGroup[address] = new Queue<long>();
                while (group.Count > 0 && now - group.Peek() >= 60 * second)
                {
                    group.Dequeue();
                }

                if (group.Count >= 20)
                {
                    Violations.Enqueue("group");
                    return true;
                }

                group.Enqueue(now);
            }

            _window.Enqueue(now);
            _lastPerChat[address] = now;
            return false;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

internal sealed record Fault(int Status, string Body, string? RetryAfterHeader = null);
