using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.Engine.Content;

/// <summary>
/// Reads one YAML mapping field by field, recording every problem with its line instead of stopping at the first,
/// so <c>validate</c> can list all errors at once.
/// </summary>
internal sealed class YamlMap(YamlMappingNode node, string file, List<ContentError> errors)
{
    public SourceLocation Location => At(node);

    public SourceLocation At(YamlNode n) => new(file, (int)n.Start.Line);

    public SourceLocation LineOf(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? At(value) : Location;

    /// <summary>The line where a text value's first line is: the next line for a block scalar ("key: |"), else the key's line.</summary>
    public SourceLocation TextStartOf(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? new(file, (int)value.Start.Line + (value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded } ? 1 : 0))
            : Location;

    public void Error(SourceLocation at, string message) => errors.Add(new ContentError(at, message));

    public void RejectUnknownKeys(params string[] known)
    {
        foreach (var key in node.Children.Keys)
        {
            if (key is YamlScalarNode { Value: { } name } && Array.IndexOf(known, name) < 0)
            {
                Error(At(key), $"unknown field '{name}' (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public string? String(string key, bool required = true)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value) || value is YamlScalarNode { Value: null or "" })
        {
            if (required)
            {
                Error(Location, $"missing field '{key}'");
            }

            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            Error(At(value), $"'{key}' must be a text value");
            return null;
        }

        return scalar.Value;
    }

    public IReadOnlyList<(string Value, SourceLocation Location)> Strings(string key, bool required = false)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            if (required)
            {
                Error(Location, $"missing field '{key}'");
            }

            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            Error(At(value), $"'{key}' must be a list");
            return [];
        }

        var list = new List<(string, SourceLocation)>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } text })
            {
                list.Add((text, At(item)));
            }
            else
            {
                Error(At(item), $"'{key}' items must be non-empty text values");
            }
        }

        return list;
    }

    public IReadOnlyList<YamlMap> Maps(string key, bool required = false)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value) || value is YamlScalarNode { Value: null or "" })
        {
            if (required)
            {
                Error(Location, $"missing field '{key}'");
            }

            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            Error(At(value), $"'{key}' must be a list");
            return [];
        }

        var list = new List<YamlMap>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode map)
            {
                list.Add(new YamlMap(map, file, errors));
            }
            else
            {
                Error(At(item), $"'{key}' items must be mappings (key: value)");
            }
        }

        return list;
    }

    /// <summary>A mapping of text to text (ui strings, command descriptions).</summary>
    public IReadOnlyList<(string Key, string Value, SourceLocation Location)> Dictionary(string key, bool required = false)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            if (required)
            {
                Error(Location, $"missing field '{key}'");
            }

            return [];
        }

        if (value is not YamlMappingNode map)
        {
            Error(At(value), $"'{key}' must be a mapping");
            return [];
        }

        var list = new List<(string, string, SourceLocation)>();
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && v is YamlScalarNode { Value: { } text })
            {
                list.Add((name, text, At(v)));
            }
            else if (k is YamlScalarNode { Value: { } name2 } && v is YamlSequenceNode seq)
            {
                // synonyms: canonical -> [variants]
                foreach (var item in seq.Children)
                {
                    if (item is YamlScalarNode { Value: { } variant })
                    {
                        list.Add((name2, variant, At(item)));
                    }
                }
            }
            else
            {
                Error(At(k), $"'{key}' entries must be text");
            }
        }

        return list;
    }

    public DateOnly? Date(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(LineOf(key), $"'{key}' must be a date written YYYY-MM-DD, not '{text}'");
        return null;
    }
}
