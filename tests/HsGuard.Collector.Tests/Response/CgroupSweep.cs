using System.Text;
using HsGuard.Agent.Native;
using HsGuard.Collector.Tests.Evaluation;

namespace HsGuard.Collector.Tests.Response;

/// <summary>What a rig leaves behind, taken away: the cgroups under its parent (thawed, emptied
/// into the hierarchy's root, removed) in every hierarchy the agent may use, then the processes of
/// its user, ended one by one by pid.</summary>
internal static class CgroupSweep
{
    private static readonly string[] Roots = ["/sys/fs/cgroup/freezer", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"];

    public static async Task RunAsync(string parent, uint uid)
    {
        foreach (string root in Roots)
        {
            string top = Path.Combine(root, parent);
            if (!Directory.Exists(top))
            {
                continue;
            }
            foreach (string cgroup in Directory.EnumerateDirectories(top))
            {
                Write(Path.Combine(cgroup, "freezer.state"), "THAWED");
                Write(Path.Combine(cgroup, "cgroup.freeze"), "0");
                foreach (string pid in File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")).Where(p => p.Length > 0))
                {
                    Write(Path.Combine(root, "cgroup.procs"), pid);
                }
                Posix.RemoveDirectory(cgroup);
            }
            Posix.RemoveDirectory(top);
        }
        await UserProcesses.KillAllAsync(uid, CancellationToken.None);
    }

    private static void Write(string path, string value) => Posix.WriteControlFile(path, Encoding.ASCII.GetBytes(value));
}
