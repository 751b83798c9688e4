using System.Net;
using System.Text;
using System.Text.Json;

namespace OptOutBot.EndToEnd.Tests.Infrastructure;

/// <summary>/healthz, /readyz and the metrics endpoints of the real host on loopback.</summary>
public sealed class HealthAndMetricsTests
{
    [Fact]
    public async Task Readyz_ReportsEachCheck_AndSays503WhenTheStoreIsUnreachable()
    {
        await using var bot = await RunningBot.StartAsync();
        using var client = bot.CreateClient();

        using var ready = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
        {
            var checks = report.RootElement.GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("content").GetProperty("status").GetString());
            Assert.Equal("off", checks.GetProperty("adapters").GetProperty("telegram").GetString());
        }

        foreach (var file in new[] { bot.DatabasePath, bot.DatabasePath + "-wal", bot.DatabasePath + "-shm" })
        {
            File.Delete(file);
        }

        using var unready = await client.GetAsync("readyz");
        using var live = await client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        using var failed = JsonDocument.Parse(await unready.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", failed.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode); // still alive: restarting would not bring the file back
    }

    [Fact]
    public async Task Prometheus_OptIn_CountsTurnsByChannelAndOutcome_AndTimesThem()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?> { ["Metrics:PrometheusEnabled"] = "true" });
        using var client = bot.CreateClient();
        using (var chat = await client.PostAsync("api/chat", new StringContent("""{"conversationId":"metrics-check-01","text":"comment m'opposer sur insta ?"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        // The turn is counted as the response completes, and the exporter caches a scrape briefly: poll, with a
        // deadline generous enough for a machine busy with other test projects (a 5 s budget once ran out in CI).
        var text = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!TurnCounted(text) && DateTime.UtcNow < deadline)
        {
            text = await client.GetStringAsync("metrics");
            if (!TurnCounted(text))
            {
                await Task.Delay(100);
            }
        }

        Assert.Contains("optoutbot_turns_total{", text, StringComparison.Ordinal);
        Assert.Matches("optoutbot_turns_total\\{[^}]*channel=\"web\"[^}]*outcome=\"topic\"[^}]*\\} 1", text);
        Assert.Contains("optoutbot_turn_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-check-01", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_IsOffByDefault()
    {
        await using var bot = await RunningBot.StartAsync();
        using var client = bot.CreateClient();

        using var response = await client.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MetricsEndpoints_WithoutAToken_AnswerOnlyLoopbackPeersNoProxyRelayed()
    {
        await using var bot = await RunningBot.StartAsync();
        using var client = bot.CreateClient();

        using var direct = await client.GetAsync("metrics/broadcasts");
        using var relayed = new HttpRequestMessage(HttpMethod.Get, "metrics/broadcasts");
        relayed.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var viaProxy = await client.SendAsync(relayed);

        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, viaProxy.StatusCode);
    }

    [Fact]
    public async Task MetricsEndpoints_WithATokenSetting_NeedTheToken()
    {
        await using var bot = await RunningBot.StartAsync(new Dictionary<string, string?>
        {
            ["Metrics:Token"] = "scrape-token-0123456789",
            ["Metrics:PrometheusEnabled"] = "true",
        });
        using var client = bot.CreateClient();

        using var anonymous = await client.GetAsync("metrics/broadcasts");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { { "Authorization", "Bearer nope" } } };
        using var wrongResponse = await client.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { { "Authorization", "Bearer scrape-token-0123456789" } } };
        using var rightResponse = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
    }

    private static bool TurnCounted(string metrics) =>
        System.Text.RegularExpressions.Regex.IsMatch(metrics, "optoutbot_turns_total\\{[^}]*channel=\"web\"[^}]*outcome=\"topic\"[^}]*\\} 1");
}
