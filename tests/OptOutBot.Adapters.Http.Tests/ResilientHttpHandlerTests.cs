using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OptOutBot.Adapters.Http.Tests;

public sealed class ResilientHttpHandlerTests
{
    private static readonly Uri Target = new("https://platform.example/api/send");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly FakePlatform _platform = new();

    private HttpClient Client(HttpResilienceSettings? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddPlatformHttpClient("test", _ => settings ?? new HttpResilienceSettings())
            .ConfigurePrimaryHttpMessageHandler(() => _platform);
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("test");
    }

    [Fact]
    public async Task Interactive_ServerError_IsRetriedAfterTheBackoffThenSucceeds()
    {
        var http = Client(new HttpResilienceSettings { RetryBaseDelay = TimeSpan.FromSeconds(2) });
        _platform.Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.OK);

        var call = http.PostAsync(Target, new StringContent("{}"));
        await _platform.WaitForCallsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(1, _platform.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        using var response = await call;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _platform.Calls);
    }

    [Fact]
    public async Task Interactive_429_WaitsWhatThePlatformAsked()
    {
        var http = Client();
        _platform.Then(HttpStatusCode.TooManyRequests, retryAfterSeconds: 3).Then(HttpStatusCode.OK);

        var call = http.PostAsync(Target, new StringContent("{}"));
        await _platform.WaitForCallsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Equal(1, _platform.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        using var response = await call;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Interactive_RetryAfterDate_IsCountedFromTheClock()
    {
        var http = Client();
        _platform.Then(HttpStatusCode.ServiceUnavailable, retryAt: _time.GetUtcNow().AddSeconds(4)).Then(HttpStatusCode.OK);

        var call = http.PostAsync(Target, new StringContent("{}"));
        await _platform.WaitForCallsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(1, _platform.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        using var response = await call;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Interactive_429LongerThanAllowed_IsHandedBackWithItsWait()
    {
        var http = Client(new HttpResilienceSettings { MaxRetryAfterWait = TimeSpan.FromSeconds(5) });
        _platform.Then(HttpStatusCode.TooManyRequests, retryAfterSeconds: 60);

        using var response = await http.PostAsync(Target, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), response.RetryAfter());
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task Interactive_PersistentFailure_StopsAfterMaxRetries()
    {
        var http = Client(new HttpResilienceSettings { MaxRetries = 2, RetryBaseDelay = TimeSpan.Zero });
        _platform.Default = HttpStatusCode.InternalServerError;

        using var response = await http.PostAsync(Target, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(3, _platform.Calls);
    }

    [Fact]
    public async Task Interactive_ClientError_IsNotRetried()
    {
        var http = Client();
        _platform.Default = HttpStatusCode.Forbidden;

        using var response = await http.PostAsync(Target, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task Interactive_RefusedConnection_IsRetriedThenSurfacesAsHttpRequestException()
    {
        var http = Client(new HttpResilienceSettings { MaxRetries = 1, RetryBaseDelay = TimeSpan.Zero });
        _platform.Refuse = true;

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(Target, new StringContent("{}")));

        Assert.False(e.IsTimeout());
        Assert.Equal(2, _platform.Calls);
    }

    [Fact]
    public async Task SlowAttempt_TimesOutOnTheClock_AndSurfacesAsTimeout()
    {
        var http = Client(new HttpResilienceSettings { AttemptTimeout = TimeSpan.FromSeconds(10), MaxRetries = 0 });
        _platform.Hang = true;

        var call = http.PostAsync(Target, new StringContent("{}"));
        await _platform.WaitForCallsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => call);

        Assert.True(e.IsTimeout());
    }

    [Fact]
    public async Task Interactive_FirstAttemptTimesOut_SecondIsSentAndAnswers()
    {
        var http = Client(new HttpResilienceSettings { AttemptTimeout = TimeSpan.FromSeconds(10), MaxRetries = 1, RetryBaseDelay = TimeSpan.Zero });
        _platform.Hang = true;

        var call = http.PostAsync(Target, new StringContent("{}"));
        await _platform.WaitForCallsAsync(1);
        _platform.Hang = false;
        _time.Advance(TimeSpan.FromSeconds(10));
        using var response = await call;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _platform.Calls);
    }

    [Fact]
    public async Task CallerCancels_IsNotRetried_AndStaysACancellation()
    {
        var http = Client();
        _platform.Hang = true;
        using var cancel = new CancellationTokenSource();

        var call = http.PostAsync(Target, new StringContent("{}"), cancel.Token);
        await _platform.WaitForCallsAsync(1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task SingleAttempt_ServerError_IsOneRequestOnly()
    {
        var http = Client();
        _platform.Default = HttpStatusCode.BadGateway;

        using var response = await http.SendAsync(WithBody(HttpAttempts.SingleAttempt(HttpMethod.Post, Target)));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task SingleAttempt_Timeout_IsOneRequestOnly()
    {
        var http = Client(new HttpResilienceSettings { AttemptTimeout = TimeSpan.FromSeconds(5) });
        _platform.Hang = true;

        var call = http.SendAsync(WithBody(HttpAttempts.SingleAttempt(HttpMethod.Post, Target)));
        await _platform.WaitForCallsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(5));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => call);

        Assert.True(e.IsTimeout());
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task SingleAttempt_429_CarriesThePlatformsWait()
    {
        var http = Client();
        _platform.Then(HttpStatusCode.TooManyRequests, retryAfterSeconds: 2);

        using var response = await http.SendAsync(WithBody(HttpAttempts.SingleAttempt(HttpMethod.Post, Target)));

        Assert.Equal(TimeSpan.FromSeconds(2), response.RetryAfter());
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task PlatformReader_BodyRetryAfter_IsUsed()
    {
        RetryAfterReader fromBody = static async (response, _, ct) =>
            double.Parse(await response.Content.ReadAsStringAsync(ct), System.Globalization.CultureInfo.InvariantCulture) is var s ? TimeSpan.FromSeconds(s) : null;
        var http = Client(new HttpResilienceSettings { ReadRetryAfter = fromBody });
        _platform.Then(HttpStatusCode.TooManyRequests, body: "0.25");

        using var response = await http.SendAsync(WithBody(HttpAttempts.SingleAttempt(HttpMethod.Post, Target)));

        Assert.Equal(TimeSpan.FromSeconds(0.25), response.RetryAfter());
        Assert.Equal("0.25", await response.Content.ReadAsStringAsync()); // the reader buffered it; still readable
    }

    [Fact]
    public void Settings_OutOfRange_NameTheSetting()
    {
        var problems = new HttpResilienceSettings { AttemptTimeout = TimeSpan.Zero, MaxRetries = 11 }.Problems("Discord").ToList();

        Assert.Contains(problems, p => p.StartsWith("Discord:RequestTimeout ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Discord:MaxRetries ", StringComparison.Ordinal));
    }

    private static HttpRequestMessage WithBody(HttpRequestMessage request)
    {
        request.Content = new StringContent("{}");
        return request;
    }

    /// <summary>The platform's side of the wire: scripted answers, a count of requests, a refused or hanging connection.</summary>
    private sealed class FakePlatform : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Func<HttpResponseMessage>> _script = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public HttpStatusCode Default { get; set; } = HttpStatusCode.OK;

        public bool Refuse { get; set; }

        public bool Hang { get; set; }

        public FakePlatform Then(HttpStatusCode status, double? retryAfterSeconds = null, DateTimeOffset? retryAt = null, string body = "{}")
        {
            _script.Enqueue(() =>
            {
                var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
                if (retryAfterSeconds is { } s)
                {
                    response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(s));
                }

                if (retryAt is { } at)
                {
                    response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(at);
                }

                return response;
            });
            return this;
        }

        public async Task WaitForCallsAsync(int count)
        {
            for (var i = 0; i < 2000 && Calls < count; i++)
            {
                await Task.Delay(5);
            }

            await Task.Delay(20); // let the caller reach its timer
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Refuse)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused");
            }

            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var response = _script.TryDequeue(out var next) ? next() : new HttpResponseMessage(Default) { Content = new StringContent("{}") };
            response.RequestMessage = request;
            return response;
        }
    }
}
