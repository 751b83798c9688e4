using OptOutBot.Engine.Content;

namespace OptOutBot.Testing;

/// <summary>The repository's dialogs/ loaded once per test process, for tests that need real strings but not a real engine.</summary>
public static class RealContent
{
    private static readonly Lazy<BotContent> Content = new(() => BotContent.Load(RepositoryPaths.Root, new ContentOptions(), TimeProvider.System));

    public static BotContent Value => Content.Value;
}
