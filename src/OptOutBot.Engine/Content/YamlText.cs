using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.Engine.Content;

/// <summary>
/// Parses a YAML file so that every syntax error comes back with a line, never as an exception: YamlDotNet reports
/// some (an unclosed <c>[</c> or <c>{</c> at the end of a file) as a bare <see cref="InvalidOperationException"/>
/// with no position, which would otherwise crash <c>validate</c> or a reload.
/// </summary>
public static class YamlText
{
    /// <returns>The stream, or null with the line and message of the syntax error.</returns>
    public static (YamlStream? Stream, int Line, string? Error) Load(TextReader reader)
    {
        var parser = new TrackingParser(new Parser(reader));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
            return (stream, 0, null);
        }
        catch (YamlException ex)
        {
            return (null, (int)ex.Start.Line, ex.InnerException?.Message ?? ex.Message);
        }
        catch (InvalidOperationException)
        {
            return (null, parser.LastLine, "unclosed bracket, brace or quote after this line");
        }
    }

    /// <summary>Remembers where the last well-formed token ended.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public int LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastLine = (int)current.End.Line;
            }

            return moved;
        }
    }
}
