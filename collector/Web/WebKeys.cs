namespace HsGuard.Collector.Web;

/// <summary>Where the keys that sign session cookies and CSRF tokens are kept: web-keys in the
/// state directory, readable by the collector's user only.</summary>
internal static class WebKeys
{
    public static DirectoryInfo Directory(string stateDirectory)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(stateDirectory, "web-keys"));
        File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }
}
