using System.Globalization;

namespace HsGuard.Bench;

/// <summary>
/// A directory for the benchmark's programs where a host keeps its installed ones:
/// <c>/usr/local/lib/hsguard-bench-PID</c>, owned by root, mode 0755 (the burners that hostload
/// forks run as other users). Its name carries this process's id, so that the directory of a run
/// that was killed (SIGKILL, no chance to remove it) is known for stale once that process is gone
/// and removed by the next run.
/// </summary>
internal static class InstalledDirectory
{
    public const string Parent = "/usr/local/lib";
    private const string Prefix = "hsguard-bench-";
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static DirectoryInfo Create()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"recording places its programs in {Parent}/{Prefix}PID, as a host's installed programs are: run as root");
        }
        RemoveStale();
        string path = Path.Combine(Parent, Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var directory = Directory.CreateDirectory(path);
        // Explicitly, whatever the umask.
        File.SetUnixFileMode(path, Mode);
        return directory;
    }

    /// <summary>Removes the directories whose process is gone (and one left by an earlier process
    /// with this one's id).</summary>
    private static void RemoveStale()
    {
        if (!Directory.Exists(Parent))
        {
            return;
        }
        foreach (string path in Directory.EnumerateDirectories(Parent, Prefix + "*"))
        {
            string suffix = Path.GetFileName(path)[Prefix.Length..];
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && (pid == Environment.ProcessId || !Directory.Exists("/proc/" + suffix)))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
