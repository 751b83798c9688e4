namespace OptOutBot.Hosting;

/// <summary>
/// Finds the folder holding <c>appsettings.json</c> and <c>dialogs/</c>, so that <c>dotnet run --project src/OptOutBot</c>,
/// the test host and a published binary all read the same content and settings.
/// </summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "dialogs")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
