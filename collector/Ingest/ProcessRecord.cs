using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>
/// A process of one host as the collector knows it, identified by (pid, start ticks), updated by
/// every batch that names it. A process first heard of through an update (its start was in a batch
/// the collector never received) is <see cref="Incomplete"/> until a keyframe describes it.
/// </summary>
internal sealed class ProcessRecord
{
    public ProcessRecord(int pid, ulong startTicks, DateTimeOffset firstSeen, int historyLength)
    {
        Pid = pid;
        StartTicks = startTicks;
        FirstSeen = firstSeen;
        History = new History<ProcessPoint>(historyLength);
    }

    public int Pid { get; }

    public ulong StartTicks { get; }

    public int ParentPid { get; private set; }

    public uint Uid { get; private set; }

    public string User { get; private set; } = "";

    public string Comm { get; private set; } = "";

    public string Exe { get; private set; } = "";

    public bool ExeDeleted { get; private set; }

    public string CommandLine { get; private set; } = "";

    public bool KernelThread { get; private set; }

    public string State { get; private set; } = "";

    public int ProcessGroup { get; private set; }

    public int Session { get; private set; }

    public int TtyNr { get; private set; }

    public int Nice { get; private set; }

    public uint Threads { get; private set; }

    public ulong RssKb { get; private set; }

    public ulong CpuTicks { get; private set; }

    public float CpuPercent { get; private set; }

    public ProcessDetail? Detail { get; private set; }

    public bool Incomplete { get; set; }

    /// <summary>When the collector first heard of it.</summary>
    public DateTimeOffset FirstSeen { get; }

    /// <summary>Time of the last batch that named it.</summary>
    public DateTimeOffset LastSeen { get; private set; }

    public DateTimeOffset? ExitedAt { get; set; }

    public History<ProcessPoint> History { get; }

    /// <summary>Takes the fields the sample carries; a field it does not carry is unchanged.</summary>
    public void Apply(ProcessSample s, DateTimeOffset time)
    {
        if (s.HasPpid) { ParentPid = s.Ppid; }
        if (s.HasUid) { Uid = s.Uid; }
        if (s.HasUser) { User = s.User; }
        if (s.HasComm) { Comm = s.Comm; }
        if (s.HasExe) { Exe = s.Exe; }
        if (s.HasExeDeleted) { ExeDeleted = s.ExeDeleted; }
        if (s.HasCmdline) { CommandLine = s.Cmdline; }
        if (s.HasKernelThread) { KernelThread = s.KernelThread; }
        if (s.HasState) { State = s.State; }
        if (s.HasPgrp) { ProcessGroup = s.Pgrp; }
        if (s.HasSession) { Session = s.Session; }
        if (s.HasTtyNr) { TtyNr = s.TtyNr; }
        if (s.HasNice) { Nice = s.Nice; }
        if (s.HasThreads) { Threads = s.Threads; }
        if (s.HasRssKb) { RssKb = s.RssKb; }
        if (s.HasCpuTicks) { CpuTicks = s.CpuTicks; }
        if (s.Detail is not null) { Detail = s.Detail; }
        // An update without cpu_percent means no CPU was used in its interval.
        CpuPercent = s.HasCpuPercent ? s.CpuPercent : 0;
        LastSeen = time;
        long ms = time.ToUnixTimeMilliseconds();
        // A batch applied again (resent after a collector restart) adds no second point.
        if ((CpuPercent > 0 || s.HasRssKb || History.Count == 0) && (History.Count == 0 || History.Last.UnixMilliseconds < ms))
        {
            History.Add(new ProcessPoint(ms, CpuPercent, (int)Math.Min(RssKb, int.MaxValue)));
        }
    }

    /// <summary>A process the batch did not name used no CPU in its interval.</summary>
    public void Idle() => CpuPercent = 0;
}
