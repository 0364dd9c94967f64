namespace HsGuard.Agent.Proc;

/// <summary>
/// The fields of /proc/PID/stat that HsGuard uses (3 to 24), numbered as in proc_pid_stat(5). The name
/// (field 2) is given as an offset and length into the parsed line, so that the sampler can compare
/// it with what it already has without building a string.
/// </summary>
public struct StatFields
{
    /// <summary>PF_KTHREAD in the flags field (9): the task is a kernel thread.</summary>
    public const uint KernelThreadFlag = 0x00200000;

    public int Pid;             // (1)
    public int CommStart;       // (2) offset of the first byte after '('
    public int CommLength;      // (2) bytes up to the last ')'
    public byte State;          // (3) R S D Z T t X I ...
    public int ParentPid;       // (4)
    public int ProcessGroup;    // (5)
    public int Session;         // (6)
    public int TtyNr;           // (7)
    public uint Flags;          // (9) PF_* flags
    public ulong MinorFaults;   // (10)
    public ulong MajorFaults;   // (12)
    public ulong UserTicks;     // (14) utime, in clock ticks
    public ulong SystemTicks;   // (15) stime, in clock ticks
    public long Priority;       // (18)
    public long Nice;           // (19)
    public int Threads;         // (20)
    public ulong StartTicks;    // (22) starttime, clock ticks after boot
    public ulong VirtualBytes;  // (23) vsize
    public long ResidentPages;  // (24) rss

    public readonly bool IsKernelThread => (Flags & KernelThreadFlag) != 0;

    public readonly ulong TotalTicks => UserTicks + SystemTicks;
}
