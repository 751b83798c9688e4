using System.Net;
using OptOutBot.Engine.Ports;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Hosting;

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

    [Fact]
    public async Task BodyOverTheHostLimit_Gets413_AndTheHostKeepsServing()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Admin:Token"] = "a-long-enough-admin-token-for-tests" });
        using var client = bot.CreateClient();
        var big = new string('a', (int)BotHost.MaxRequestBodyBytes + 1);

        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/sign-in")
        {
            Content = new StringContent("token=" + big, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("Origin", bot.BaseAddress.GetLeftPart(UriPartial.Authority));

        // A real client asks before sending a large body: the host answers 413 at once, so the answer is read rather
        // than racing a connection the host closes while 4 MiB are still being written ("broken pipe").
        request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var next = bot.CreateClient(); // the refused body was not drained: that connection is closed
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("healthz")).StatusCode);
    }
}
