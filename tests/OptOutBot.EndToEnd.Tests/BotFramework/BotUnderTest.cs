using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Hosting;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>The real host (BotHost.Build, as `optoutbot` serves) on a free loopback port with a temp SQLite file.</summary>
internal sealed class BotUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _folder;

    private BotUnderTest(WebApplication app, DirectoryInfo folder, Uri baseAddress)
    {
        _app = app;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public Uri Messages => new(BaseAddress, "api/messages");

    public static async Task<BotUnderTest> StartAsync(IDictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("optoutbot-bf-e2e-");
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:Provider"] = "sqlite",
            ["Storage:SqlitePath"] = Path.Combine(folder.FullName, "bot.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        var app = BotHost.Build([], overrides);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            folder.Delete(recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BotUnderTest(app, folder, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on some platforms; the temp folder is cleaned by the OS.
        }
    }
}
