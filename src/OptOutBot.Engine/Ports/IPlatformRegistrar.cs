namespace OptOutBot.Engine.Ports;

/// <summary>
/// Backs <c>optoutbot register &lt;platform&gt;</c>: sets up the platform side (command menus, webhook).
/// Each adapter that needs it registers one.
/// </summary>
public interface IPlatformRegistrar
{
    /// <summary>The verb's argument, e.g. "telegram", "discord".</summary>
    string Platform { get; }

    /// <param name="options">Named options from the command line (e.g. "guild" → "1234"); absent ones are missing.</param>
    /// <param name="output">Where to report progress (no tokens or secrets).</param>
    /// <returns>The process exit code: 0 on success.</returns>
    Task<int> RegisterAsync(IReadOnlyDictionary<string, string> options, TextWriter output, CancellationToken cancellationToken = default);
}
