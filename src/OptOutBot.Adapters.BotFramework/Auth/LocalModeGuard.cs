using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OptOutBot.Adapters.BotFramework.Auth;

/// <summary>
/// Refuses to run with <c>BotFramework:AllowUnauthenticatedLocal</c> unless every address the host listens on is
/// loopback: once before binding (the configured urls) and once after (the addresses actually bound).
/// </summary>
internal sealed class LocalModeGuard(IConfiguration configuration, IServiceProvider services, ILogger<LocalModeGuard> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            Check(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                Check([url]);
            }
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>() is { } feature)
        {
            Check(feature.Addresses);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            if (!IsLoopback(address))
            {
                Log.LocalModeNotLoopback(logger, address);
                throw new InvalidOperationException(
                    $"BotFramework:AllowUnauthenticatedLocal is for local development only, but the host listens on '{address}'. Bind to 127.0.0.1 or localhost (e.g. Urls=http://127.0.0.1:3978), or turn the setting off and set BotFramework:MicrosoftAppId.");
            }
        }
    }

    internal static bool IsLoopback(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? address : address[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? rest : rest[..slash];
        if (host.StartsWith('['))
        {
            host = host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
