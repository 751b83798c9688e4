using YamlDotNet.RepresentationModel;

namespace OptOutBot.Testing.Transcripts;

/// <summary>A transcript file (format in tests/transcripts/README.md): user turns and what the bot must do at each.</summary>
public sealed record Transcript(string Name, string File, string? Locale, IReadOnlyList<TranscriptTurn> Turns)
{
    public override string ToString() => System.IO.Path.GetFileName(File);

    /// <summary>All transcripts of tests/transcripts, for xunit [MemberData].</summary>
    public static IEnumerable<object[]> All() =>
        Directory.EnumerateFiles(RepositoryPaths.Transcripts, "*.yaml").Order(StringComparer.Ordinal).Select(f => new object[] { System.IO.Path.GetFileName(f) });

    public static Transcript Load(string fileName)
    {
        var path = System.IO.Path.IsPathRooted(fileName) ? fileName : System.IO.Path.Combine(RepositoryPaths.Transcripts, fileName);
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var turns = new List<TranscriptTurn>();
        foreach (var node in (YamlSequenceNode)root[new YamlScalarNode("turns")])
        {
            var map = (YamlMappingNode)node;
            string? Str(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
            bool Has(string key) => map.Children.ContainsKey(new YamlScalarNode(key));
            IReadOnlyList<string> List(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlSequenceNode seq
                ? seq.Children.OfType<YamlScalarNode>().Select(x => x.Value ?? string.Empty).ToList()
                : [];
            var topic = Str("topic");
            turns.Add(new TranscriptTurn((int)map.Start.Line, Str("user"), Str("press"), Str("command"))
            {
                Topic = topic is null or "null" or "~" ? null : topic,
                ExpectsTopic = Has("topic"),
                Outcome = Str("outcome"),
                Step = Str("step"),
                Choices = List("choices"),
                Says = Str("says"),
                Candidates = List("candidates"),
                Lang = Str("lang"),
            });
        }

        var name = root.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? ((YamlScalarNode)n).Value ?? fileName : fileName;
        var locale = root.Children.TryGetValue(new YamlScalarNode("locale"), out var l) ? ((YamlScalarNode)l).Value : null;
        return new Transcript(name, path, locale, turns);
    }
}

/// <summary>One user turn: exactly one of <see cref="User"/> (text), <see cref="Press"/> (a choice label) and <see cref="Command"/> ("/optout facebook").</summary>
public sealed record TranscriptTurn(int Line, string? User, string? Press, string? Command)
{
    public string? Topic { get; init; }

    /// <summary>True when the turn states a topic (possibly null = "no topic").</summary>
    public bool ExpectsTopic { get; init; }

    public string? Outcome { get; init; }

    public string? Step { get; init; }

    public IReadOnlyList<string> Choices { get; init; } = [];

    public string? Says { get; init; }

    public IReadOnlyList<string> Candidates { get; init; } = [];

    public string? Lang { get; init; }

    public override string ToString() => $"line {Line}: {User ?? (Press is null ? Command : "[" + Press + "]")}";
}
