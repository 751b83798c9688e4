namespace OptOutBot.Admin.Content;

/// <summary>The serving host's content check and swap, run at once (the console calls it after writing a content file).</summary>
public interface IContentReload
{
    /// <summary>Loads and checks the whole content folder; swaps it in when valid, otherwise keeps the current content.</summary>
    ContentReloadResult ReloadNow();
}

/// <param name="Applied">True when the folder was valid and now serves.</param>
/// <param name="Errors">Why not, each as "file:line: message".</param>
public sealed record ContentReloadResult(bool Applied, IReadOnlyList<string> Errors);
