using OptOutBot.Adapters.BotFramework.Tests.Support;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>
/// Microsoft's side, on loopback: the Bot Framework OpenID metadata and JWKS (test RSA keys with endorsements), the
/// Entra token endpoint, and a Connector that records every activity the bot sends and answers {"id": …}.
/// </summary>
internal sealed class FakeBotFrameworkCloud : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _replies;
    private int _tokens;

    private FakeBotFrameworkCloud(WebApplication app, TestTokens tokens)
    {
        _app = app;
        Tokens = tokens;
    }

    public TestTokens Tokens { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public string ServiceUrl => BaseAddress + "connector/";

    public string MetadataUrl => BaseAddress + "botframework/.well-known/openidconfiguration";

    public string EmulatorMetadataUrl => BaseAddress + "aad/.well-known/openid-configuration";

    public string TokenUrl => BaseAddress + "aad/token";

    public int TokenRequests => _tokens;

    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();

    /// <summary>Settings that point the bot at this fake cloud, with its App ID and secret.</summary>
    public Dictionary<string, string?> BotSettings() => new()
    {
        ["BotFramework:MicrosoftAppId"] = TestTokens.AppId,
        ["BotFramework:MicrosoftAppPassword"] = "test-secret",
        ["BotFramework:OpenIdMetadataUrl"] = MetadataUrl,
        ["BotFramework:EmulatorOpenIdMetadataUrl"] = EmulatorMetadataUrl,
        ["BotFramework:TokenEndpoint"] = TokenUrl,
    };

    public static async Task<FakeBotFrameworkCloud> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var tokens = new TestTokens();
        tokens.AddKey("key-slack-only", ["slack"]); // published from the start, so "not endorsed" is tested, not "unknown kid"
        var app = builder.Build();
        var cloud = new FakeBotFrameworkCloud(app, tokens);
        app.MapGet("/botframework/.well-known/openidconfiguration", () => Results.Text(TestTokens.Metadata(TestTokens.ChannelIssuer, cloud.BaseAddress + "botframework/keys"), "application/json"));
        app.MapGet("/botframework/keys", () => Results.Text(tokens.Jwks(), "application/json"));
        app.MapGet("/aad/.well-known/openid-configuration", () => Results.Text(TestTokens.Metadata(TestTokens.EmulatorIssuer, cloud.BaseAddress + "botframework/keys"), "application/json"));
        app.MapPost("/aad/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var n = Interlocked.Increment(ref cloud._tokens);
            return form["client_id"] == TestTokens.AppId && form["client_secret"] == "test-secret" && form["grant_type"] == "client_credentials"
                ? Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = $"connector-token-{n}" })
                : Results.Json(new { error = "invalid_client" }, statusCode: 401);
        });
        app.MapPost("/connector/v3/conversations/{conversationId}/activities/{replyToId?}", async (HttpRequest request, string conversationId, string? replyToId) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            cloud.Calls.Enqueue(new ConnectorCall(conversationId, replyToId, request.Headers.Authorization.ToString(), body.RootElement.Clone()));
            return Results.Json(new { id = "reply-" + Interlocked.Increment(ref cloud._replies) });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        cloud.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return cloud;
    }

    /// <summary>Takes the activities received since the last call.</summary>
    public List<ConnectorCall> Drain()
    {
        var calls = new List<ConnectorCall>();
        while (Calls.TryDequeue(out var call))
        {
            calls.Add(call);
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ConnectorCall(string ConversationId, string? ReplyToId, string Authorization, JsonElement Activity)
{
    public string Text => Activity.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : string.Empty;

    /// <summary>Every button the person can press: suggested actions and hero-card buttons.</summary>
    public IEnumerable<JsonElement> Buttons
    {
        get
        {
            if (Activity.TryGetProperty("suggestedActions", out var suggested))
            {
                foreach (var action in suggested.GetProperty("actions").EnumerateArray())
                {
                    yield return action;
                }
            }

            if (Activity.TryGetProperty("attachments", out var attachments))
            {
                foreach (var attachment in attachments.EnumerateArray())
                {
                    foreach (var button in attachment.GetProperty("content").GetProperty("buttons").EnumerateArray())
                    {
                        yield return button;
                    }
                }
            }
        }
    }
}
