using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Hosting;
using OptOutBot.Testing;

namespace OptOutBot.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real host, in process, on a free loopback port, with its own SQLite file in a temp folder. Settings given
/// to <see cref="StartAsync"/> win over appsettings.json (e.g. a platform token, a fake server's base url).
/// </summary>
public sealed class RunningBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempFolder _folder;

    private RunningBot(WebApplication app, TempFolder folder, Uri baseAddress)
    {
        _app = app;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The SQLite file this bot writes.</summary>
    public string DatabasePath => Path.Combine(_folder.Path, "bot.db");

    public static async Task<RunningBot> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var folder = new TempFolder();
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:Provider"] = "sqlite",
            ["Storage:SqlitePath"] = Path.Combine(folder.Path, "bot.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = BotHost.Build(overrides);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningBot(app, folder, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>Stops the host (its background writers flushed, its files closed) and keeps the files for inspection until disposed.</summary>
    public Task StopAsync() => _app.StopAsync();

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}
