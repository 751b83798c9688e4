namespace OptOutBot.Engine.Matching;

/// <summary>
/// A content text for the matcher and the index of the language it is written in, which decides its stop words and
/// its stemmer. A plain string is language 0 (the tests' one-language content).
/// </summary>
internal readonly record struct MatchText(string Text, int Language = 0)
{
    public static implicit operator MatchText(string text) => new(text);

    public override string ToString() => Text;
}
