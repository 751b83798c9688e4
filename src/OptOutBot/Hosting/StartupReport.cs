using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Hosting;

/// <summary>
/// At start: loads the content (so invalid content stops the host with every error listed) and says which adapters
/// serve, and for those that are off, the exact setting that turns them on.
/// </summary>
internal sealed class StartupReport(IServiceProvider services, IEnumerable<AdapterStatus> adapters, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var content = services.GetRequiredService<LiveContent>().Current;
        services.GetRequiredService<IConversationEngine>();
        Log.ContentLoaded(logger, content.Locales.Count, content.Topics(content.DefaultLocale).Count);
        foreach (var adapter in adapters.OrderBy(a => a.Channel, StringComparer.Ordinal))
        {
            if (adapter.Enabled)
            {
                Log.AdapterOn(logger, adapter.Channel, adapter.Detail);
            }
            else
            {
                Log.AdapterOff(logger, adapter.Channel, adapter.Detail);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
