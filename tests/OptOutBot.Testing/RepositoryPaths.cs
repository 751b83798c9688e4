namespace OptOutBot.Testing;

/// <summary>Finds the repository root (the folder with OptOutBot.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dialogs => Path.Combine(Root, "dialogs");

    public static string Transcripts => Path.Combine(Root, "tests", "transcripts");

    /// <summary>Platform specs the wire tests check against (copies, origins in tests/specs/README.md).</summary>
    public static string Spec(string fileName) => Path.Combine(Root, "tests", "specs", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OptOutBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OptOutBot.sln not found above " + AppContext.BaseDirectory);
    }
}
