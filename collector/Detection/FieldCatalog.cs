namespace HsGuard.Collector.Detection;

/// <summary>
/// Every field rule conditions and outputs can name. Process rules see proc.*, user.* and host.*;
/// user rules see user.* and host.*. The rules' reference (rules/README.md) lists these same
/// fields; a test keeps the two in step.
/// </summary>
public static class FieldCatalog
{
    private static readonly List<FieldDefinition> Fields = [];
    private static readonly Dictionary<string, FieldDefinition> ByName = new(StringComparer.Ordinal);

    // Process: identity
    public static readonly FieldDefinition ProcPid = Add("proc.pid", FieldType.Number, "Process id.");
    public static readonly FieldDefinition ProcPpid = Add("proc.ppid", FieldType.Number, "Parent's process id.");
    public static readonly FieldDefinition ProcName = Add("proc.name", FieldType.String, "The kernel's name of the process (comm, at most 15 bytes): the executable's name, or what the process set with prctl.");
    public static readonly FieldDefinition ProcExe = Add("proc.exe", FieldType.String, "The executable's path through /proc/PID/exe, whatever argv[0] says; empty when unknown.");
    public static readonly FieldDefinition ProcExeName = Add("proc.exe_name", FieldType.String, "The executable's file name.");
    public static readonly FieldDefinition ProcExeDir = Add("proc.exe_dir", FieldType.String, "The directory of the executable, with a trailing slash.");
    public static readonly FieldDefinition ProcExeDeleted = Add("proc.exe_deleted", FieldType.Bool, "The executable was deleted after the process started.");
    public static readonly FieldDefinition ProcCmdline = Add("proc.cmdline", FieldType.String, "The command line, arguments joined by spaces.");
    public static readonly FieldDefinition ProcState = Add("proc.state", FieldType.String, "Scheduler state of the main thread (R, S, D, T, Z ...).");
    public static readonly FieldDefinition ProcKernelThread = Add("proc.kernel_thread", FieldType.Bool, "A kernel thread (no executable, no user memory).");
    public static readonly FieldDefinition ProcAgeSeconds = Add("proc.age_seconds", FieldType.Number, "Seconds since the process started.");
    public static readonly FieldDefinition ProcKthreadDistance = Add("proc.kthread_distance", FieldType.Number, "Edits between the name and the nearest kernel thread name of the list kernel_thread_names (0: the same name); -1 when none is near.");
    public static readonly FieldDefinition ProcKthreadLookalike = Add("proc.kthread_lookalike", FieldType.String, "The kernel thread name the process's name is nearest to (see proc.kthread_distance); empty when none is near.");

    // Process: lineage
    public static readonly FieldDefinition ProcAncestors = Add("proc.ancestors", FieldType.StringList, "Names (comm) of the parent, its parent, and so on up to (not including) pid 1.");
    public static readonly FieldDefinition ProcAncestorExes = Add("proc.ancestor_exes", FieldType.StringList, "Executables of the ancestors.");
    public static readonly FieldDefinition ProcParentInit = Add("proc.parent_init", FieldType.Bool, "The parent is pid 1 (or the process was reparented to it).");
    public static readonly FieldDefinition ProcSessionLeader = Add("proc.session_leader", FieldType.Bool, "The process leads its own session (setsid).");
    public static readonly FieldDefinition ProcChildren = Add("proc.children", FieldType.Number, "Live child processes.");
    public static readonly FieldDefinition ProcTty = Add("proc.tty", FieldType.Bool, "The process has a controlling terminal (someone started it from a shell session).");

    // Process: use
    public static readonly FieldDefinition ProcCpu = Add("proc.cpu", FieldType.Number, "CPU over the last interval, percent of one core (more than 100 with several busy threads).");
    public static readonly FieldDefinition ProcThreads = Add("proc.threads", FieldType.Number, "Threads.");
    public static readonly FieldDefinition ProcRssKb = Add("proc.rss_kb", FieldType.Number, "Resident memory, KiB.");
    public static readonly FieldDefinition ProcNice = Add("proc.nice", FieldType.Number, "Nice value of the main thread.");
    public static readonly FieldDefinition ProcBusySeconds = Add("proc.busy_seconds", FieldType.Number, "Seconds the process has been busy without a pause longer than 2 s: at least a quarter of a core, or on a loaded machine a tenth of one while it is preempted more often than it waits (it wants the CPU others take; a miner squeezed by other work still counts).");
    public static readonly FieldDefinition ProcActiveSeconds = Add("proc.active_seconds", FieldType.Number, "Seconds the process has used at least a tenth of a core in every interval without a pause longer than 2 s, busy or not: a miner that throttles itself by sleeping, or is squeezed by other work, stays active while it flickers in and out of busy.");
    public static readonly FieldDefinition ProcSaturatedSeconds = Add("proc.saturated_seconds", FieldType.Number, "Seconds without a break that each of its busy threads has used nearly a whole core (at least 80 %): the flat, full load of a miner.");
    public static readonly FieldDefinition ProcCpuMean = Add("proc.cpu_mean", FieldType.Number, "Mean CPU over the detection window (Collector:Detection:Window, a minute by default) or the process's life if shorter, percent of one core.");
    public static readonly FieldDefinition ProcCpuFlatness = Add("proc.cpu_variation", FieldType.Number, "How much the CPU varied over the window: its standard deviation divided by its mean (0: perfectly flat). Needs 10 samples.");
    public static readonly FieldDefinition ProcWindowSeconds = Add("proc.window_seconds", FieldType.Number, "Seconds of samples behind the windowed facts (up to the window).");
    public static readonly FieldDefinition ProcVoluntarySwitchRate = Add("proc.voluntary_switches_per_second", FieldType.Number, "Voluntary context switches a second over the window, summed over the threads (waiting for I/O, locks, sleep); busy processes only.");
    public static readonly FieldDefinition ProcInvoluntarySwitchRate = Add("proc.involuntary_switches_per_second", FieldType.Number, "Involuntary context switches a second over the window (preempted); busy processes only.");
    public static readonly FieldDefinition ProcIoBytesRate = Add("proc.io_bytes_per_second", FieldType.Number, "Bytes a second read from and written to storage over the window; busy processes only.");
    public static readonly FieldDefinition ProcIoCharsRate = Add("proc.io_chars_per_second", FieldType.Number, "Bytes a second passed through read and write calls (files, pipes, sockets, terminals) over the window; busy processes only.");
    public static readonly FieldDefinition ProcVoluntaryPerCpuSecond = Add("proc.voluntary_switches_per_cpu_second", FieldType.Number, "Voluntary context switches per second of CPU the process used over the window: how often it waits for each second it computes, whatever share of a core a loaded machine leaves it.");
    public static readonly FieldDefinition ProcIoBytesPerCpuSecond = Add("proc.io_bytes_per_cpu_second", FieldType.Number, "Bytes read from and written to storage per second of CPU used over the window.");
    public static readonly FieldDefinition ProcIoCharsPerCpuSecond = Add("proc.io_chars_per_cpu_second", FieldType.Number, "Bytes passed through read and write calls per second of CPU used over the window: a compressor or a compiler moves kilobytes to megabytes for each second it computes, a miner next to nothing.");

    // Process: deep look (busy processes only)
    public static readonly FieldDefinition ProcBusyThreads = Add("proc.busy_threads", FieldType.Number, "Threads that used at least 80 % of a core over the last interval.");
    public static readonly FieldDefinition ProcBusyThreadCpuMin = Add("proc.busy_thread_cpu_min", FieldType.Number, "Lowest CPU of a busy thread, percent of one core.");
    public static readonly FieldDefinition ProcPinnedThreads = Add("proc.pinned_threads", FieldType.Number, "Threads allowed on exactly one CPU.");
    public static readonly FieldDefinition ProcPinnedCpus = Add("proc.pinned_cpus", FieldType.Number, "Distinct CPUs the pinned threads are pinned to.");
    public static readonly FieldDefinition ProcDistinctNice = Add("proc.distinct_nice", FieldType.Number, "Distinct nice values among the threads.");
    public static readonly FieldDefinition ProcHugePagesKb = Add("proc.huge_pages_kb", FieldType.Number, "Transparent and hugetlbfs huge pages in the process's memory, KiB.");
    public static readonly FieldDefinition ProcMsrOpen = Add("proc.msr_open", FieldType.Bool, "The process holds /dev/cpu/N/msr open.");
    public static readonly FieldDefinition ProcOpenFiles = Add("proc.open_files", FieldType.Number, "Open file descriptors.");
    public static readonly FieldDefinition ProcStdNull = Add("proc.std_devnull", FieldType.Bool, "Standard input, output and error all lead to /dev/null (or are closed): a daemonised process.");
    public static readonly FieldDefinition ProcConnections = Add("proc.connections", FieldType.Number, "TCP connections with a remote end.");
    public static readonly FieldDefinition ProcRemoteAddresses = Add("proc.remote_addresses", FieldType.StringList, "Remote addresses of the TCP connections.");
    public static readonly FieldDefinition ProcRemotePorts = Add("proc.remote_ports", FieldType.StringList, "Remote ports of the TCP connections, as text.");

    // User
    public static readonly FieldDefinition UserName = Add("user.name", FieldType.String, "The process's user (or the user of a user rule).");
    public static readonly FieldDefinition UserUid = Add("user.uid", FieldType.Number, "Its uid.");
    public static readonly FieldDefinition UserSystem = Add("user.system", FieldType.Bool, "A system account: root, or a uid below the collector's Detection:FirstMemberUid (1000 by default).");
    public static readonly FieldDefinition UserCpu = Add("user.cpu", FieldType.Number, "The user's CPU on the host over the last interval, percent of one core.");
    public static readonly FieldDefinition UserProcesses = Add("user.processes", FieldType.Number, "The user's live processes on the host.");
    public static readonly FieldDefinition UserBaselineScore = Add("user.baseline_score", FieldType.Number, "How unusual the user's last minute is against its own learned past: 0 (usual) to 1 (never seen); -1 without a model for the user.");

    // Host
    public static readonly FieldDefinition HostName = Add("host.name", FieldType.String, "The host.");
    public static readonly FieldDefinition HostCpus = Add("host.cpus", FieldType.Number, "CPUs of the host.");

    public static IReadOnlyList<FieldDefinition> All => Fields;

    public static bool TryGet(string name, out FieldDefinition field) => ByName.TryGetValue(name, out field!);

    private static FieldDefinition Add(string name, FieldType type, string description)
    {
        var field = new FieldDefinition(Fields.Count, name, type, description);
        Fields.Add(field);
        ByName.Add(name, field);
        return field;
    }
}
