using System.Globalization;
using System.Text;

namespace OptOutBot.Engine.Matching;

/// <summary>
/// Folds text for matching: lower case, no diacritics (NFKD), ligatures expanded (œ → oe), every apostrophe,
/// punctuation and symbol turned into a space. Latin characters go through a precomputed table so the hot path
/// does no Unicode normalisation call.
/// </summary>
internal static class TextNormalizer
{
    private const int TableSize = 0x0250; // Basic Latin .. Latin Extended-B
    private static readonly string?[] Table = BuildTable();

    /// <summary>Writes the folded form of <paramref name="text"/> into <paramref name="destination"/>; returns the length written.</summary>
    /// <remarks>The destination must hold at least 2 × text.Length characters (ligatures expand to two letters).</remarks>
    public static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        var n = 0;
        foreach (var c in text)
        {
            if (c < TableSize)
            {
                var mapped = Table[c];
                if (mapped is null)
                {
                    continue;
                }

                foreach (var m in mapped)
                {
                    destination[n++] = m;
                }
            }
            else if (char.IsLetterOrDigit(c))
            {
                destination[n++] = FoldOther(c);
            }
            else if (!char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // combining accents typed separately: drop
            }
            else
            {
                destination[n++] = ' ';
            }
        }

        return n;
    }

    /// <summary>The folded form as a string, with runs of spaces collapsed and trimmed (for display and indexing).</summary>
    public static string Fold(string text)
    {
        var buffer = text.Length <= 256 ? stackalloc char[text.Length * 2] : new char[text.Length * 2];
        var n = Fold(text, buffer);
        var sb = new StringBuilder(n);
        var space = true;
        foreach (var c in buffer[..n])
        {
            if (c == ' ')
            {
                if (!space)
                {
                    sb.Append(' ');
                }

                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }

        return sb.ToString().TrimEnd();
    }

    private static char FoldOther(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormKD);
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                return char.ToLowerInvariant(d);
            }
        }

        return char.ToLowerInvariant(c);
    }

    private static string?[] BuildTable()
    {
        var table = new string?[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var c = (char)i;
            if (char.IsControl(c))
            {
                table[i] = " ";
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                table[i] = category == UnicodeCategory.NonSpacingMark ? null : " ";
                continue;
            }

            table[i] = c switch
            {
                'œ' or 'Œ' => "oe",
                'æ' or 'Æ' => "ae",
                'ß' => "ss",
                'ø' or 'Ø' => "o",
                'đ' or 'Đ' => "d",
                'ł' or 'Ł' => "l",
                _ => FoldOther(c).ToString(),
            };
        }

        return table;
    }
}
