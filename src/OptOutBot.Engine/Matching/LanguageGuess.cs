namespace OptOutBot.Engine.Matching;

/// <summary>Which content language a question is written in, told by its stop words (counted per language by <see cref="TermAnalyzer"/>).</summary>
internal static class LanguageGuess
{
    /// <summary>No language has more stop words than every other (none at all, or a tie).</summary>
    public const int Unclear = -1;

    /// <summary>The index of the language with strictly the most stop words, or <see cref="Unclear"/>.</summary>
    public static int Dominant(ReadOnlySpan<int> stopHits)
    {
        var best = Unclear;
        var bestHits = 0;
        var tied = false;
        for (var i = 0; i < stopHits.Length; i++)
        {
            if (stopHits[i] > bestHits)
            {
                (best, bestHits, tied) = (i, stopHits[i], false);
            }
            else if (stopHits[i] == bestHits && bestHits > 0)
            {
                tied = true;
            }
        }

        return tied ? Unclear : best;
    }
}
