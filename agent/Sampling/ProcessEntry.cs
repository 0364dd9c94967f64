using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Sampling;

/// <summary>
/// One live process as the sampler knows it, identified by (pid, start time). The sampler owns it
/// and updates it in place every pass, so a steady-state pass allocates nothing per process; a
/// reader must not keep it across passes without copying what it needs.
/// </summary>
public sealed class ProcessEntry
{
    internal ProcessEntry(int pid, ulong startTicks, ProcessFiles files)
    {
        Pid = pid;
        StartTicks = startTicks;
        Files = files;
    }

    public int Pid { get; }

    /// <summary>Start time in clock ticks after boot (field 22 of stat); with the pid, the
    /// process's identity: a reused pid has another start time.</summary>
    public ulong StartTicks { get; }

    /// <summary>Start time on the wall clock (boot time + start ticks).</summary>
    public DateTimeOffset StartTime { get; internal set; }

    public int ParentPid { get; internal set; }

    public int ProcessGroup { get; internal set; }

    public int Session { get; internal set; }

    public int TtyNr { get; internal set; }

    /// <summary>Effective uid: the owner of /proc/PID (never of a file inside it).</summary>
    public uint Uid { get; internal set; }

    public string User { get; internal set; } = "";

    /// <summary>The kernel's name for the task (comm), at most 15 bytes for user processes; set
    /// from the executable's name at exec and by prctl(PR_SET_NAME).</summary>
    public string Comm { get; internal set; } = "";

    /// <summary>The executable's path through /proc/PID/exe, null when unknown (kernel thread,
    /// no permission). Unchanged by rewriting argv[0].</summary>
    public string? Exe { get; internal set; }

    /// <summary>The executable was deleted after the process started (link count 0).</summary>
    public bool ExeDeleted { get; internal set; }

    /// <summary>The command line, arguments joined by spaces, capped.</summary>
    public string CommandLine { get; internal set; } = "";

    /// <summary>A kernel thread (PF_KTHREAD): no executable, no user memory.</summary>
    public bool IsKernelThread { get; internal set; }

    /// <summary>Scheduler state letter from stat: R, S, D, T, t, Z, X, I ...</summary>
    public char State { get; internal set; }

    public long Nice { get; internal set; }

    public long Priority { get; internal set; }

    public int Threads { get; internal set; }

    public long RssKb { get; internal set; }

    public ulong UserTicks { get; internal set; }

    public ulong SystemTicks { get; internal set; }

    /// <summary>CPU used since the previous pass, in percent of one core (a process with several
    /// busy threads exceeds 100). Zero in the first pass that sees a process that is older than
    /// the previous pass.</summary>
    public double CpuPercent { get; internal set; }

    /// <summary>Whether the detail fields below were read in this pass (busy processes only).</summary>
    public bool HasDetail { get; internal set; }

    /// <summary>Whether the deep look was taken in this pass (processes at or above
    /// <see cref="SamplerOptions.DeepCpuPercent"/>; implies <see cref="HasDetail"/>).</summary>
    public bool HasDeep { get; internal set; }

    /// <summary>The deep look of this pass; null when <see cref="HasDeep"/> is false.</summary>
    public DeepLook? Deep => HasDeep ? DeepState : null;

    public ulong VoluntarySwitches { get; internal set; }

    public ulong InvoluntarySwitches { get; internal set; }

    public ulong ReadBytes { get; internal set; }

    public ulong WriteBytes { get; internal set; }

    public ulong ReadChars { get; internal set; }

    public ulong WriteChars { get; internal set; }

    /// <summary>What changed in the last pass.</summary>
    public ProcessChanges Changes { get; internal set; }

    /// <summary>The pass that first saw this process.</summary>
    public long FirstPass { get; internal set; }

    public ulong TotalTicks => UserTicks + SystemTicks;

    internal ProcessFiles Files { get; }

    internal long LastPass { get; set; }

    /// <summary>The raw comm bytes, to notice a rename without building a string.</summary>
    internal byte[] CommBytes { get; set; } = [];

    /// <summary>The totals of this process's user in the current pass.</summary>
    internal UserTotal? Total { get; set; }

    /// <summary>The deep look's state, kept from the first deep look on (thread ticks, buffers).</summary>
    internal DeepLook? DeepState { get; set; }

    /// <summary>How long this process's detail and deep reads took in its last deep look.</summary>
    internal TimeSpan DeepCost { get; set; }

    /// <summary>Device and inode of the executable, to notice an exec that kept the name.</summary>
    internal (ulong Device, ulong Inode) ExeIdentity { get; set; }
}
