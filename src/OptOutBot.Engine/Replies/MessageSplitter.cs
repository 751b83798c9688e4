namespace OptOutBot.Engine.Replies;

/// <summary>
/// Splits markup text into chunks whose rendered size fits a platform limit, at paragraph boundaries first,
/// then line boundaries, then spaces outside links — never inside a word or a link.
/// </summary>
public static class MessageSplitter
{
    /// <param name="markup">Neutral markup.</param>
    /// <param name="limit">The platform's maximum rendered length.</param>
    /// <param name="renderedLength">Length of a markup fragment once rendered for the platform (escaping may grow it).</param>
    public static IReadOnlyList<string> Split(string markup, int limit, Func<string, int> renderedLength)
    {
        if (renderedLength(markup) <= limit)
        {
            return [markup];
        }

        var chunks = new List<string>();
        var current = new List<string>();
        foreach (var line in SplitLongLines(markup.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'), limit, renderedLength))
        {
            current.Add(line);
            if (renderedLength(string.Join('\n', current)) > limit && current.Count > 1)
            {
                current.RemoveAt(current.Count - 1);
                AddChunk(chunks, current);
                current = [line];
            }
        }

        AddChunk(chunks, current);
        return chunks;
    }

    private static void AddChunk(List<string> chunks, List<string> lines)
    {
        var text = string.Join('\n', lines).Trim('\n');
        if (text.Trim().Length > 0)
        {
            chunks.Add(text);
        }
    }

    private static IEnumerable<string> SplitLongLines(IEnumerable<string> lines, int limit, Func<string, int> renderedLength)
    {
        foreach (var line in lines)
        {
            if (renderedLength(line) <= limit)
            {
                yield return line;
                continue;
            }

            // One line longer than the limit (only user-supplied text can be): cut at spaces outside links.
            var rest = line;
            while (renderedLength(rest) > limit)
            {
                var cut = FindCut(rest, limit, renderedLength);
                yield return rest[..cut].TrimEnd();
                rest = rest[cut..].TrimStart();
            }

            if (rest.Length > 0)
            {
                yield return rest;
            }
        }
    }

    private static int FindCut(string line, int limit, Func<string, int> renderedLength)
    {
        var best = -1;
        var inLink = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '[')
            {
                inLink = true;
            }
            else if (c == ')' && inLink)
            {
                inLink = false;
            }
            else if (c == ' ' && !inLink && i > 0)
            {
                if (renderedLength(line[..i]) > limit)
                {
                    break;
                }

                best = i;
            }
        }

        if (best > 0)
        {
            return best;
        }

        // No space at all within the limit (a very long token): a hard cut is the only option left.
        var hard = Math.Min(line.Length - 1, limit);
        while (hard > 1 && renderedLength(line[..hard]) > limit)
        {
            hard--;
        }

        return Math.Max(1, hard);
    }
}
