using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using OptOutBot.Adapters.Telegram.Intake;
using OptOutBot.Adapters.Telegram.Rendering;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Tests.Support;

/// <summary>The adapter's pieces wired to a fake Bot API, a mocked engine and an in-memory update log.</summary>
internal sealed class TestBot
{
    public TestBot(TelegramOptions? options = null, TimeProvider? time = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(options ?? new TelegramOptions { BotToken = "123:TEST", BotUsername = "OptOutTestBot" });
        // The adapter's own HttpClient registration (the shared set-up), with the fake Bot API as the network.
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton(Options)
            .AddBotApiHttpClients();
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = Http));
        Services = services.BuildServiceProvider();
        Api = new TelegramApiClient(Services.GetRequiredService<IHttpClientFactory>(), Options, NullLogger<TelegramApiClient>.Instance);
        Renderer = new TelegramRenderer(NullLogger<TelegramRenderer>.Instance);
        UpdateLog.Setup(l => l.BeginAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns((string channel, string id, TimeSpan _, CancellationToken _) =>
                ValueTask.FromResult(_seen.Add(channel + "/" + id) ? UpdateRecord.New : new UpdateRecord(UpdateState.Delivered)));
        Engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()))
            .Returns((InboundMessage m, CancellationToken _) =>
            {
                Inbound.Add(m);
                return ValueTask.FromResult(NextTurn);
            });
        Handler = new TelegramUpdateHandler(OptOutBot.Testing.TestGuard.For(Engine.Object), UpdateLog.Object, Api, Renderer, new BotIdentity(Api, Options), NullLogger<TelegramUpdateHandler>.Instance);
        Runner = new PlannedCallRunner(Api, NullLogger<PlannedCallRunner>.Instance);
    }

    private readonly HashSet<string> _seen = [];

    public FakeBotApiHandler Http { get; } = new();

    public ServiceProvider Services { get; }

    public IOptions<TelegramOptions> Options { get; }

    public TelegramApiClient Api { get; }

    public TelegramRenderer Renderer { get; }

    public Mock<IConversationEngine> Engine { get; } = new();

    public Mock<IUpdateLog> UpdateLog { get; } = new();

    public List<InboundMessage> Inbound { get; } = [];

    public TurnResult NextTurn { get; set; } = new(Reply.Single(new ReplyMessage("Hello **there**")), "en", TurnOutcome.Topic, "welcome");

    public TelegramUpdateHandler Handler { get; }

    public PlannedCallRunner Runner { get; }
}
