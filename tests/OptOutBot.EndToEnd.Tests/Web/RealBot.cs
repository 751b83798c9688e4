using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Hosting;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>
/// The real host (engine, content from dialogs/, SQLite in a temp folder) on a free loopback port.
/// Stand-in for the shared Infrastructure/RunningBot until it lands; same shape, so switching is one line.
/// </summary>
internal sealed class RealBot : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private RealBot(WebApplication app, string folder, Uri baseAddress)
    {
        this.app = app;
        this.folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<RealBot> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("optoutbot-web-e2e-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:Provider"] = "sqlite",
            ["Storage:SqlitePath"] = Path.Combine(folder, "bot.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            overrides[key] = value;
        }

        var app = BotHost.Build([], overrides);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RealBot(app, folder, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite handle still closing: the temp folder is left for the OS to clean.
        }
    }
}
