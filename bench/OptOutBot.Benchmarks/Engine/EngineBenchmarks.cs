using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Benchmarks.Engine;

/// <summary>
/// The engine's hot path on the real content: normalise + match one question, and one full turn (state load,
/// route, prebuilt reply, state save) with an in-memory store. Targets (issue 2): a turn ≤ 10 µs median, ≤ 2 KB allocated.
/// Run: dotnet run -c Release --project bench/OptOutBot.Benchmarks -- --filter '*EngineBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EngineBenchmarks
{
    private static readonly string[] Questions =
    [
        "comment m'opposer sur insta ?",
        "how do I opt out on facebok",
        "c trop tard pour refuser ?",
        "mes messages whatsapp sont utilisés ?",
        "recette de crêpes",
        "j'ai partagé le post je n'autorise pas meta",
        "is there a deadline to object",
        "bonjour",
    ];

    private BotContent _content = null!;
    private ConversationEngine _engine = null!;
    private InboundMessage[] _messages = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _content = BotContent.Load(RepositoryRoot(), new ContentOptions(), TimeProvider.System);
        _engine = new ConversationEngine(_content, new InMemoryConversationStore(), TimeProvider.System, Options.Create(new ConversationOptions()));
        // 500 people asking in turn, as the load scripts do.
        _messages = Enumerable.Range(0, 4000).Select(i => new InboundMessage("bench", "c" + (i % 500), "u" + (i % 500), new TextInput(Questions[i % Questions.Length]), "fr")).ToArray();
    }

    [Benchmark]
    public int NormaliseAndMatch() => _content.Matcher.Match(Questions[_next++ & 7]).First;

    [Benchmark]
    public async ValueTask<TurnOutcome> FullTurn() => (await _engine.HandleAsync(_messages[_next++ % _messages.Length])).Outcome;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OptOutBot.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
