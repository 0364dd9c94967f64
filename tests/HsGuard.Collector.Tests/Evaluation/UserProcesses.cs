using System.Diagnostics;
using System.Globalization;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>The processes of an evaluation user: everything the run started under it (detached
/// miners included), found in /proc by the real uid of their status and ended one by one by pid.</summary>
internal static class UserProcesses
{
    public static List<int> Of(uint uid)
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && ReadStatus(pid) is { } status && status.Uid == uid && status.State != 'Z')
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    /// <summary>SIGKILL to each live process of <paramref name="uid"/>, again until none is left: a
    /// job's shell may start another command between the listing and its kill. Zombies are left to
    /// whoever adopted them.</summary>
    public static async Task KillAllAsync(uint uid, CancellationToken cancel)
    {
        for (int round = 0; round < 100; round++)
        {
            var pids = Of(uid);
            if (pids.Count == 0)
            {
                return;
            }
            foreach (int pid in pids)
            {
                Kill(pid, uid);
            }
            await Task.Delay(50, cancel);
        }
        throw new InvalidOperationException($"processes of uid {uid} are still running: {string.Join(", ", Of(uid))}");
    }

    private static void Kill(int pid, uint uid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // The pid still names a process of this user (not one that reused it since the listing).
            if (ReadStatus(pid)?.Uid == uid)
            {
                process.Kill();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // gone meanwhile
        }
    }

    /// <summary>The real uid (first field of <c>Uid:</c>) and the state of /proc/PID/status; null
    /// when the process is gone.</summary>
    private static (uint Uid, char State)? ReadStatus(int pid)
    {
        try
        {
            uint? uid = null;
            char state = '?';
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("State:", StringComparison.Ordinal))
                {
                    state = line["State:".Length..].TrimStart()[0];
                }
                else if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    uid = uint.Parse(line["Uid:".Length..].Split('\t', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
                    break;
                }
            }
            return uid is { } u ? (u, state) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
