using Google.Protobuf.WellKnownTypes;
using HsGuard.Agent.Sampling;
using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Streaming;

/// <summary>
/// Turns a sampling pass into the batch that is sent (and recorded): new processes in full,
/// known ones with only what changed, exits, and the users' totals. The first batch, and the next
/// one after <see cref="RequestKeyframe"/>, is a keyframe: every live process in full.
/// </summary>
public sealed class BatchBuilder
{
    private ulong _seq;
    private int _keyframeRequested = 1;

    /// <summary>The next batch lists every process (safe to call from any thread).</summary>
    public void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    public Batch Build(SampleFrame frame)
    {
        bool keyframe = Interlocked.Exchange(ref _keyframeRequested, 0) == 1;
        var batch = new Batch
        {
            Seq = ++_seq,
            Time = Timestamp.FromDateTimeOffset(frame.Time),
            IntervalSeconds = frame.Interval.TotalSeconds,
            Keyframe = keyframe,
            ProcessCount = (uint)frame.Processes.Length,
        };
        foreach (var p in frame.Processes)
        {
            if (keyframe || (p.Changes & ProcessChanges.Started) != 0)
            {
                batch.Started.Add(Full(p));
            }
            else if (p.Changes != ProcessChanges.None)
            {
                batch.Updated.Add(Delta(p));
            }
        }
        foreach (var e in frame.Exited)
        {
            batch.Exited.Add(new ProcessKey { Pid = e.Pid, StartTicks = e.StartTicks });
        }
        foreach (var u in frame.Users)
        {
            batch.Users.Add(new UserSample
            {
                Uid = u.Uid,
                User = u.User,
                CpuPercent = (float)u.CpuPercent,
                Processes = (uint)u.Processes,
                Threads = (uint)u.Threads,
                RssKb = (ulong)u.RssKb,
            });
        }
        return batch;
    }

    private static ProcessSample Full(ProcessEntry p)
    {
        var s = new ProcessSample { Pid = p.Pid, StartTicks = p.StartTicks };
        SetIdentity(s, p);
        SetLineage(s, p);
        s.State = p.State.ToString();
        s.Nice = (int)p.Nice;
        s.Threads = (uint)p.Threads;
        s.RssKb = (ulong)p.RssKb;
        s.CpuTicks = p.TotalTicks;
        if (p.CpuPercent > 0)
        {
            s.CpuPercent = (float)p.CpuPercent;
        }
        SetDetail(s, p);
        return s;
    }

    private static ProcessSample Delta(ProcessEntry p)
    {
        var s = new ProcessSample { Pid = p.Pid, StartTicks = p.StartTicks };
        var c = p.Changes;
        if ((c & ProcessChanges.Identity) != 0)
        {
            SetIdentity(s, p);
        }
        if ((c & ProcessChanges.Lineage) != 0)
        {
            SetLineage(s, p);
        }
        if ((c & ProcessChanges.State) != 0)
        {
            s.State = p.State.ToString();
        }
        if ((c & ProcessChanges.Scheduling) != 0)
        {
            s.Nice = (int)p.Nice;
        }
        if ((c & ProcessChanges.Threads) != 0)
        {
            s.Threads = (uint)p.Threads;
        }
        if ((c & ProcessChanges.Memory) != 0)
        {
            s.RssKb = (ulong)p.RssKb;
        }
        if ((c & ProcessChanges.Cpu) != 0)
        {
            s.CpuTicks = p.TotalTicks;
            s.CpuPercent = (float)p.CpuPercent;
        }
        SetDetail(s, p);
        return s;
    }

    private static void SetIdentity(ProcessSample s, ProcessEntry p)
    {
        s.Uid = p.Uid;
        s.User = p.User;
        s.Comm = p.Comm;
        s.Exe = p.Exe ?? "";
        s.ExeDeleted = p.ExeDeleted;
        s.Cmdline = p.CommandLine;
        s.KernelThread = p.IsKernelThread;
    }

    private static void SetLineage(ProcessSample s, ProcessEntry p)
    {
        s.Ppid = p.ParentPid;
        s.Pgrp = p.ProcessGroup;
        s.Session = p.Session;
        s.TtyNr = p.TtyNr;
    }

    private static void SetDetail(ProcessSample s, ProcessEntry p)
    {
        if (p.HasDetail)
        {
            s.Detail = new ProcessDetail
            {
                VoluntaryCtxtSwitches = p.VoluntarySwitches,
                NonvoluntaryCtxtSwitches = p.InvoluntarySwitches,
                ReadBytes = p.ReadBytes,
                WriteBytes = p.WriteBytes,
                ReadChars = p.ReadChars,
                WriteChars = p.WriteChars,
                Deep = p.Deep is { } deep ? Deep(deep) : null,
            };
        }
    }

    private static DeepDetail Deep(DeepLook d)
    {
        var deep = new DeepDetail
        {
            Threads = new ThreadSummary
            {
                Count = (uint)d.ThreadCount,
                Busy = (uint)d.BusyThreads,
                BusyCpuMax = (float)d.BusyCpuMax,
                BusyCpuMin = (float)d.BusyCpuMin,
                Pinned = (uint)d.PinnedThreads,
                PinnedCpus = (uint)d.PinnedCpus,
                DistinctNice = (uint)d.DistinctNice,
                NiceMin = d.NiceMin,
                NiceMax = d.NiceMax,
            },
            Stdin = d.Stdin,
            Stdout = d.Stdout,
            Stderr = d.Stderr,
            OpenFiles = (uint)d.OpenFiles,
            MsrOpen = d.MsrOpen,
            AnonHugePagesKb = d.AnonHugePagesKb,
            HugetlbPagesKb = d.HugetlbPagesKb,
        };
        foreach (var c in d.Connections)
        {
            deep.Connections.Add(new Connection
            {
                LocalAddress = c.LocalAddress.ToString(),
                LocalPort = c.LocalPort,
                RemoteAddress = c.RemoteAddress.ToString(),
                RemotePort = c.RemotePort,
                State = c.StateName,
            });
        }
        return deep;
    }
}
