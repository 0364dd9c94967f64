namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>The ways a suspension can hold, as <c>CgroupRoot</c> chooses them, for theories that
/// every way must pass: the host's own choice ("auto": on a hybrid or v1 host the v1 freezer,
/// on a v2 host the v2 one), cgroup v2 at the hybrid layout's /sys/fs/cgroup/unified where the
/// host has it, and signals ("none").</summary>
public static class Methods
{
    public const string Auto = "auto";
    public const string Unified = "/sys/fs/cgroup/unified";
    public const string Signals = "none";

    public static TheoryData<string> All => new(Auto, Unified, Signals);

    /// <summary>Skips the test where the host lacks the hierarchy.</summary>
    public static void Require(string cgroupRoot)
    {
        if (cgroupRoot == Unified)
        {
            Assert.SkipUnless(File.Exists(Path.Combine(Unified, "cgroup.procs")), "no cgroup v2 hierarchy at " + Unified);
        }
    }

    /// <summary>What /proc/PID/stat shows for a held process's main thread (measured on Linux
    /// 6.18): 'D' frozen by the v1 freezer, 'S' frozen by v2, 'T' stopped by SIGSTOP.</summary>
    public static char HeldState(string method) => method switch
    {
        "cgroup v1 freezer" => 'D',
        "cgroup v2 freezer" => 'S',
        _ => 'T',
    };
}
