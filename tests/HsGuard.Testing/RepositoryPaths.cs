namespace HsGuard.Testing;

public static class RepositoryPaths
{
    /// <summary>The checkout's root: the folder that holds HsGuard.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HsGuard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("HsGuard.sln not found above " + AppContext.BaseDirectory);
    }
}
