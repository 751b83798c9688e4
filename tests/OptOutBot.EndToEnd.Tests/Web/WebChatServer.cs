using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OptOutBot.Adapters.Web;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;
using OptOutBot.Testing;

namespace OptOutBot.EndToEnd.Tests.Web;

/// <summary>The web adapter in a real Kestrel on a free loopback port, in front of <see cref="ScriptedEngine"/>.</summary>
internal sealed class WebChatServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebChatServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<WebChatServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton<IConversationEngine, ScriptedEngine>();
        builder.Services.AddSingleton(sp => OptOutBot.Testing.TestGuard.For(sp.GetRequiredService<IConversationEngine>()));
        // The page takes its strings from the real content (ui.yaml).
        builder.Services.AddSingleton<IContentCatalog>(RealContent.Value);
        builder.Services.AddWebAdapter(builder.Configuration);
        var app = builder.Build();
        app.MapWeb();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebChatServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
