namespace OptOutBot.Engine.Commands.BuiltIn;

internal static class CommandText
{
    /// <summary>What someone typed, cut to <paramref name="max"/> characters before it is quoted back.</summary>
    public static string Trim(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
