using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace OptOutBot.Adapters.BotFramework.Tests.Support;

/// <summary>
/// An in-memory stand-in for Microsoft's side: OpenID metadata + JWKS, the token endpoint and the Connector.
/// Records every request; Connector answers can be scripted per call.
/// </summary>
internal sealed class FakePlatform : HttpMessageHandler
{
    public const string MetadataUrl = "https://login.test/v1/.well-known/openidconfiguration";
    public const string JwksUrl = "https://login.test/v1/keys";
    public const string EmulatorMetadataUrl = "https://aad.test/v2.0/.well-known/openid-configuration";
    public const string TokenUrl = "https://aad.test/botframework.com/oauth2/v2.0/token";
    public const string ServiceUrl = "https://connector.test/";

    public TestTokens Tokens { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Queue<Func<HttpResponseMessage>> ConnectorAnswers { get; } = new();

    public int JwksFetches;
    public int TokenFetches;
    public int TokenLifetimeSeconds = 3600;

    /// <summary>Awaited before the Connector answers (a slow or hung Connector); gets the request's cancellation.</summary>
    public Func<CancellationToken, Task>? ConnectorDelay { get; set; }

    public IEnumerable<RecordedRequest> ConnectorCalls => Requests.Where(r => r.Uri.AbsolutePath.Contains("/v3/conversations/", StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        var url = request.RequestUri!.ToString();
        if (url == MetadataUrl)
        {
            return Json(TestTokens.Metadata(TestTokens.ChannelIssuer, JwksUrl));
        }

        if (url == EmulatorMetadataUrl)
        {
            return Json(TestTokens.Metadata(TestTokens.EmulatorIssuer, JwksUrl));
        }

        if (url == JwksUrl)
        {
            Interlocked.Increment(ref JwksFetches);
            return Json(Tokens.Jwks());
        }

        if (url == TokenUrl)
        {
            var n = Interlocked.Increment(ref TokenFetches);
            return Json(JsonSerializer.Serialize(new { token_type = "Bearer", expires_in = TokenLifetimeSeconds, access_token = $"app-token-{n}" }));
        }

        if (request.RequestUri.AbsolutePath.Contains("/v3/conversations/", StringComparison.Ordinal))
        {
            if (ConnectorDelay is { } delay)
            {
                await delay(cancellationToken);
            }

            lock (ConnectorAnswers)
            {
                if (ConnectorAnswers.TryDequeue(out var answer))
                {
                    return answer();
                }
            }

            return Json("{\"id\":\"reply-1\"}");
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
