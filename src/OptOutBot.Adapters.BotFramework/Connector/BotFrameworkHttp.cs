using System.Net;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>The adapter's one pooled HttpClient (metadata, tokens, Connector calls): connections are reused across turns.</summary>
internal sealed class BotFrameworkHttp : IDisposable
{
    public BotFrameworkHttp()
        : this(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 256,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        })
    {
    }

    public BotFrameworkHttp(HttpMessageHandler handler)
    {
        Client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("OptOutBot/1.0");
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
