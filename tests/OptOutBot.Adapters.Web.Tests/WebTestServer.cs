using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;
using OptOutBot.Testing;

namespace OptOutBot.Adapters.Web.Tests;

/// <summary>
/// The web adapter alone in a real Kestrel on a loopback port, in front of a Moq'd engine that answers like the
/// real one does for the cases under test (empty text, unknown button, language, forget).
/// </summary>
internal sealed class WebTestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebTestServer(WebApplication app, Mock<IConversationEngine> engine, Uri baseAddress)
    {
        this.app = app;
        Engine = engine;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public Mock<IConversationEngine> Engine { get; }

    public ConcurrentQueue<InboundMessage> Received { get; } = new();

    public static async Task<WebTestServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        var engine = new Mock<IConversationEngine>(MockBehavior.Strict);
        builder.Services.AddSingleton(engine.Object);
        builder.Services.AddSingleton(OptOutBot.Testing.TestGuard.For(engine.Object));
        // The page takes its strings from the real content (ui.yaml).
        builder.Services.AddSingleton<IContentCatalog>(RealContent.Value);
        builder.Services.AddWebAdapter(builder.Configuration);
        var app = builder.Build();
        app.MapWeb();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new WebTestServer(app, engine, new Uri(address));
        engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()))
            .Returns((InboundMessage m, CancellationToken _) =>
            {
                server.Received.Enqueue(m);
                return ValueTask.FromResult(Answer(m));
            });
        return server;
    }

    public static TurnResult Answer(InboundMessage message) => message.Input switch
    {
        TextInput { Text: "" } => new TurnResult(Reply.Single(new ReplyMessage("Écrivez votre question.")), "fr", TurnOutcome.Invalid),
        TextInput { Text: "boom" } => throw new InvalidOperationException("engine bug"),
        TextInput text => new TurnResult(
            Reply.Single(new ReplyMessage("Ouvrez **Paramètres** puis [le formulaire](https://www.facebook.com/help/contact).")
            {
                Choices = [new Choice("C'est fait", "s:instagram/done"), new Choice("Retour", "m")],
                Links = [new LinkButton("Centre de confidentialité", "https://www.facebook.com/privacy/center")],
                Sources = [new SourceNote("Meta", "https://about.fb.com/news", new DateOnly(2025, 4, 14))],
            }),
            "fr",
            TurnOutcome.Topic,
            "optout-instagram-steps"),
        ActionInput { ActionId: "s:instagram/done" } => new TurnResult(Reply.Single(new ReplyMessage("Bravo !")) with { ContinuesPrevious = true }, "fr", TurnOutcome.FlowStep) { FlowStep = "instagram/done" },
        ActionInput => new TurnResult(Reply.Single(new ReplyMessage("Ce bouton n'est plus valable.")), "fr", TurnOutcome.Invalid),
        CommandInput { Name: "language", Argument: "en" } => new TurnResult(Reply.Single(new ReplyMessage("I'll answer in English.")), "en", TurnOutcome.Command) { Command = "language" },
        CommandInput { Name: "forget" } => new TurnResult(Reply.Single(new ReplyMessage("Everything about you is erased.")), "en", TurnOutcome.Command) { Command = "forget" },
        CommandInput c => new TurnResult(Reply.Single(new ReplyMessage("Bonjour !")), "fr", TurnOutcome.Command) { Command = c.Name },
        _ => throw new InvalidOperationException("unexpected input"),
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
