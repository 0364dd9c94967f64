namespace HsGuard.Bench;

/// <summary>The repository this benchmark belongs to: the directory of HsGuard.sln, found by walking
/// up from the working directory, then from the program's.</summary>
internal static class RepositoryRoot
{
    public static string? Find()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HsGuard.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    /// <summary>A program's Release build in the repository (<c>agent/bin/Release/net10.0/hsguard-agent.dll</c>),
    /// or the copy beside this program when there is no repository.</summary>
    public static string ReleaseBuild(string project, string assembly)
    {
        string? root = Find();
        string built = root is null ? "" : Path.Combine(root, project, "bin", "Release", "net10.0", assembly + ".dll");
        return File.Exists(built) ? built : Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
    }
}
