using System.Net;
using System.Text;
using OptOutBot.Adapters.Telegram.Api;

namespace OptOutBot.Adapters.Telegram.Tests.Api;

public sealed class TelegramRetryAfterTests
{
    private static HttpResponseMessage TooMany(string body) =>
        new((HttpStatusCode)429) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task BodyParameter_IsTheWait_AndTheBodyCanStillBeRead()
    {
        using var response = TooMany("""{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""");

        Assert.Equal(TimeSpan.FromSeconds(7), await TelegramRetryAfter.ReadAsync(response, TimeProvider.System, CancellationToken.None));
        Assert.Contains("retry after 7", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotTheEnvelope_FallsBackToTheHeader()
    {
        using var response = TooMany("<html>slow down</html>");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), await TelegramRetryAfter.ReadAsync(response, TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public async Task NoWaitNamed_Null()
    {
        using var response = TooMany("""{"ok":false,"error_code":429,"description":"Too Many Requests"}""");

        Assert.Null(await TelegramRetryAfter.ReadAsync(response, TimeProvider.System, CancellationToken.None));
    }
}
