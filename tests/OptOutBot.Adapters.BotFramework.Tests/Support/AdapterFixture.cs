using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using OptOutBot.Adapters.BotFramework.Auth;
using OptOutBot.Adapters.BotFramework.Connector;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.BotFramework.Tests.Support;

/// <summary>The adapter's parts wired against <see cref="FakePlatform"/> and a mocked engine that records what it was asked.</summary>
internal sealed class AdapterFixture
{
    public AdapterFixture(Action<BotFrameworkOptions>? configure = null, WaitRecordingTimeProvider? time = null)
    {
        Options = new BotFrameworkOptions
        {
            MicrosoftAppId = TestTokens.AppId,
            MicrosoftAppPassword = "secret",
            OpenIdMetadataUrl = FakePlatform.MetadataUrl,
            EmulatorOpenIdMetadataUrl = FakePlatform.EmulatorMetadataUrl,
            TokenEndpoint = FakePlatform.TokenUrl,
        };
        configure?.Invoke(Options);
        // Now, not a fixed date: the test tokens are issued at the real time unless a test says otherwise.
        Time = time ?? new WaitRecordingTimeProvider(DateTimeOffset.UtcNow);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        // The client as the host builds it (timeouts, interactive retries on the fake clock), with Microsoft's side faked.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(options);
        services.AddBotFrameworkHttp().ConfigurePrimaryHttpMessageHandler(() => Platform);
        Http = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        Authenticator = new ActivityAuthenticator(options, Http, Time, NullLogger<ActivityAuthenticator>.Instance);
        TokenProvider = new ConnectorTokenProvider(options, Http, Time, NullLogger<ConnectorTokenProvider>.Instance);
        Connector = new ConnectorClient(Http, TokenProvider, Time, NullLogger<ConnectorClient>.Instance);
        References = new ConversationReferenceCodec(options);
        Engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()))
            .Returns((InboundMessage m, CancellationToken _) =>
            {
                lock (Received)
                {
                    Received.Add(m);
                }

                return ValueTask.FromResult(new TurnResult(NextReply, "fr", TurnOutcome.Topic, "t"));
            });
        Endpoint = new BotFrameworkEndpoint(Authenticator, OptOutBot.Testing.TestGuard.For(Engine.Object), Connector, References, options, NullLogger<BotFrameworkEndpoint>.Instance, UpdateLog);
        Sender = new BotFrameworkSender(Connector, References, options, NullLogger<BotFrameworkSender>.Instance);
    }

    public BotFrameworkOptions Options { get; }

    public KeysUpdateLog UpdateLog { get; } = new();

    public WaitRecordingTimeProvider Time { get; }

    public FakePlatform Platform { get; } = new();

    public IHttpClientFactory Http { get; }

    public ActivityAuthenticator Authenticator { get; }

    public ConnectorTokenProvider TokenProvider { get; }

    public ConnectorClient Connector { get; }

    public ConversationReferenceCodec References { get; }

    public BotFrameworkEndpoint Endpoint { get; }

    public BotFrameworkSender Sender { get; }

    public Mock<IConversationEngine> Engine { get; } = new();

    public List<InboundMessage> Received { get; } = [];

    public Reply NextReply { get; set; } = Reply.Single(new ReplyMessage("Bonjour **toi**") { Choices = [new Choice("Instagram", "t:optout-instagram-steps")] });

    public async Task<HttpContext> PostAsync(string json, string? authorization = null, IPAddress? remote = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/messages";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        context.Connection.RemoteIpAddress = remote ?? IPAddress.Loopback;
        context.Response.Body = new MemoryStream();
        await Endpoint.HandleAsync(context);
        return context;
    }

    public static string Message(string text = "comment m'opposer sur insta ?", string channelId = "webchat", string serviceUrl = FakePlatform.ServiceUrl, bool isGroup = false, string? value = null, string locale = "fr-FR", string id = "act-1") =>
        $$"""
        {"type":"message","id":"{{id}}","timestamp":"2026-05-27T10:00:00.000Z","serviceUrl":"{{serviceUrl}}","channelId":"{{channelId}}",
         "from":{"id":"user-1","name":"Ana","role":"user"},"conversation":{"id":"conv:1;messageid=2","isGroup":{{(isGroup ? "true" : "false")}},"tenantId":"tenant-1"},
         "recipient":{"id":"bot-1","name":"OptOutBot","role":"bot"},"locale":"{{locale}}","textFormat":"plain","text":"{{text}}"{{(value is null ? "" : ",\"value\":" + value)}},"futureField":{"x":1} }
        """;
}

/// <summary>An update log that only remembers keys, as the stores do for plain "seen?" records.</summary>
internal sealed class KeysUpdateLog : Engine.Ports.IUpdateLog
{
    public HashSet<string> Keys { get; } = [];

    public ValueTask<Engine.Ports.UpdateRecord> BeginAsync(string channel, string updateId, TimeSpan takeOverAfter, CancellationToken cancellationToken = default)
    {
        lock (Keys)
        {
            return ValueTask.FromResult(Keys.Add(channel + "/" + updateId) ? Engine.Ports.UpdateRecord.New : new Engine.Ports.UpdateRecord(Engine.Ports.UpdateState.Received));
        }
    }

    public ValueTask<Engine.Ports.UpdateState> SaveAnswerAsync(string channel, string updateId, string answer, bool queue, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<IReadOnlyList<Engine.Ports.QueuedAnswer>> ClaimQueuedAsync(string channel, string owner, int limit, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask MarkDeliveredAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask ReleaseAsync(string channel, IReadOnlyList<string> updateIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
