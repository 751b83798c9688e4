using System.Net;
using System.Text;

namespace OptOutBot.Adapters.Web.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task TooManyRequestsFromOneAddress_Get429WithRetryAfter()
    {
        await using var server = await WebTestServer.StartAsync(new() { ["Web:RateLimitPerMinute"] = "3" });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await server.Client.PostAsync("/api/chat", new StringContent("""{"conversationId":"rate-limit-test","text":"hi"}""", Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(limited!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("rate_limited", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, server.Received.Count);
    }
}
