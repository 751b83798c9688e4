using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Content;

/// <summary>Swapping the content: the next turn answers from the new content; a turn already running ends on the old one.</summary>
public sealed class LiveContentTests
{
    [Fact]
    public async Task AfterASwap_TheNextTurnAnswersFromTheNewContent_AndTheCatalogShowsIt()
    {
        using var files = new SyntheticContent("en");
        var live = new LiveContent(files.Load());
        var engine = new LiveConversationEngine(live, content => Create(content, new InMemoryConversationStore()));
        Assert.Contains("Zebras sleep standing up.", (await engine.AskAsync("how does the zebra sleep")).PlainText());

        files.Write("en/topics/alpha.yaml", SyntheticContent.Topic("alpha", "Renamed alpha", ["how does the zebra sleep"], "Zebras sleep lying down, briefly."));
        live.Swap(files.Load());

        Assert.Contains("Zebras sleep lying down, briefly.", (await engine.AskAsync("how does the zebra sleep")).PlainText());
        Assert.Contains(((IContentCatalog)live).Topics("en"), t => t.Title == "Renamed alpha");
        Assert.Equal(1, live.Generation);
    }

    [Fact]
    public async Task ATurnRunningDuringTheSwap_FinishesOnTheContentItStartedWith()
    {
        using var files = new SyntheticContent("en");
        var live = new LiveContent(files.Load());
        var store = new GatedStore();
        var engine = new LiveConversationEngine(live, content => Create(content, store));

        var inFlight = engine.AskAsync("how does the zebra sleep").AsTask();
        await store.Entered.Task; // the turn has started and waits on its state
        files.Write("en/topics/alpha.yaml", SyntheticContent.Topic("alpha", "Alpha topic", ["how does the zebra sleep"], "New zebra text."));
        live.Swap(files.Load());
        store.Release.SetResult();

        Assert.Contains("Zebras sleep standing up.", (await inFlight).PlainText());
        Assert.Contains("New zebra text.", (await engine.AskAsync("how does the zebra sleep")).PlainText());
    }

    private static ConversationEngine Create(BotContent content, IConversationStore store) =>
        new(content, store, TimeProvider.System, Options.Create(new ConversationOptions()));

    /// <summary>Holds the first read of a state until the test releases it.</summary>
    private sealed class GatedStore : IConversationStore
    {
        private int _reads;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<ConversationState?> GetAsync(ConversationKey key, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _reads) == 1)
            {
                Entered.SetResult();
                await Release.Task.ConfigureAwait(false);
            }

            return null;
        }

        public ValueTask SaveAsync(ConversationKey key, ConversationState state, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
    }
}
