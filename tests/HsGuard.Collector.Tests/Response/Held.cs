using System.Globalization;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Response;

/// <summary>Whether a process is held the way the agent reported (the method on the incident's action).</summary>
internal static class Held
{
    /// <summary>What /proc/PID/stat shows for a held process's main thread (measured on Linux
    /// 6.18): 'D' frozen by the v1 freezer, 'S' frozen by v2 (a sleeping task, to /proc: only the
    /// cgroup says it is frozen), 'T' stopped by SIGSTOP.</summary>
    public static char StateOf(string method) => method switch
    {
        "cgroup v1 freezer" => 'D',
        "cgroup v2 freezer" => 'S',
        _ => 'T',
    };

    /// <summary>Passes when the process shows the method's state, is in a frozen cgroup of the
    /// agent's where a freezer holds it, and uses no CPU over a second.</summary>
    public static async Task AssertAsync(ResponseRig rig, int pid, string method)
    {
        Assert.Equal(StateOf(method), ProcStat.Of(pid).State);
        if (method == "cgroup v2 freezer")
        {
            Assert.True(IsInFrozenCgroup(rig, pid), $"pid {pid} is not in a frozen cgroup under {rig.CgroupParent}: {Describe(rig, pid)}");
        }
        await ProcStat.AssertHeldAsync(pid, TimeSpan.FromSeconds(1));
    }

    /// <summary>Whether the process is held as <paramref name="method"/> holds: in a frozen cgroup
    /// of the agent's (v2, where /proc shows a sleeping main thread as for a running burner), or in
    /// the method's state.</summary>
    public static bool IsHeld(ResponseRig rig, int pid, string method) =>
        method == "cgroup v2 freezer" ? IsInFrozenCgroup(rig, pid) : ProcStat.Read(pid)?.State == StateOf(method);

    /// <summary>Whether the process is in one of the agent's incident cgroups (v2) that says it is frozen.</summary>
    public static bool IsInFrozenCgroup(ResponseRig rig, int pid)
    {
        string parent = Path.Combine(rig.CgroupRoot!, rig.CgroupParent);
        return Directory.Exists(parent) && Directory.EnumerateDirectories(parent, "incident-*").Any(cgroup =>
            File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")).Contains(pid.ToString(CultureInfo.InvariantCulture))
            && File.ReadAllLines(Path.Combine(cgroup, "cgroup.events")).Contains("frozen 1"));
    }

    /// <summary>Where the process is and what the agent's cgroups say, for a failure's message.</summary>
    public static string Describe(ResponseRig rig, int pid)
    {
        string parent = Path.Combine(rig.CgroupRoot!, rig.CgroupParent);
        var text = new System.Text.StringBuilder(File.Exists($"/proc/{pid}/cgroup") ? File.ReadAllText($"/proc/{pid}/cgroup") : "gone\n");
        if (Directory.Exists(parent))
        {
            foreach (string cgroup in Directory.EnumerateDirectories(parent))
            {
                text.Append(cgroup).Append(": ").Append(string.Join(' ', File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs"))))
                    .Append(" | ").AppendLine(string.Join(' ', File.ReadAllLines(Path.Combine(cgroup, "cgroup.events"))));
            }
        }
        return text.Append(rig.AgentOutput).ToString();
    }
}
