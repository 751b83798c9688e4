namespace OptOutBot.Engine.Matching;

/// <summary>Optimal-string-alignment distance (Levenshtein plus adjacent transposition), with an early exit past a bound.</summary>
internal static class EditDistance
{
    public static int Compute(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var width = b.Length + 1;
        Span<int> buffer = width * 3 <= 384 ? stackalloc int[width * 3] : new int[width * 3];
        var prev2 = buffer[..width];
        var prev = buffer.Slice(width, width);
        var current = buffer.Slice(width * 2, width);
        for (var j = 0; j < width; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, current[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                current[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var t = prev2;
            prev2 = prev;
            prev = current;
            current = t;
        }

        return prev[b.Length];
    }
}
