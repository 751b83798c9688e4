using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OptOutBot.Engine.Content;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>Empties <see cref="RenderCache"/> whenever the content is reloaded (hosts without live content have nothing to do).</summary>
internal sealed class RenderCacheReset(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<LiveContent>() is { } live)
        {
            live.Changed += _ => RenderCache.Clear();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
