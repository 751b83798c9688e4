using System.Net;
using OptOutBot.Engine.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace OptOutBot.EndToEnd.Tests.Infrastructure;

public sealed class HostSmokeTests
{
    [Fact]
    public async Task Start_WithNoCredentials_ServesHealthAndReportsPlatformAdaptersOff()
    {
        await using var bot = await RunningBot.StartAsync();
        using var client = bot.CreateClient();

        var health = await client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var statuses = bot.Services.GetServices<AdapterStatus>().ToList();
        Assert.Contains(statuses, s => s.Channel == "telegram" && !s.Enabled);
        Assert.True(File.Exists(bot.DatabasePath), "the SQLite file is created on first run");
    }
}
