using Google.Protobuf.WellKnownTypes;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Ingest;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Tests.Detection;

/// <summary>
/// One member process on a host, described by what matters to the rules, played through the
/// collector's ingest as an agent would send it (a keyframe, then one batch a second with its CPU,
/// counters and deep look), and then asked whether a rule matches it.
/// </summary>
public sealed record ProcessScenario
{
    public const int Pid = 4242;
    private const ulong StartTicks = 900_000;
    private static readonly DateTimeOffset Epoch = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    public string Comm { get; init; } = "app";
    public string Exe { get; init; } = "/home/pacs/xyz00/users/web/bin/app";
    public string Cmdline { get; init; } = "app --serve";
    public bool ExeDeleted { get; init; }
    public uint Uid { get; init; } = 1500;
    public string User { get; init; } = "xyz00-web";
    public int ParentPid { get; init; } = 300;
    public bool SessionLeader { get; init; }
    public int TtyNr { get; init; }

    /// <summary>Parents from the top down (names), below pid 1; the last is the process's parent.</summary>
    public string[] Ancestors { get; init; } = ["bash"];

    /// <summary>CPU (percent of one core) in second t.</summary>
    public Func<int, float> Cpu { get; init; } = _ => 0;
    public int Seconds { get; init; } = 1;
    public uint BusyThreads { get; init; }
    public uint Pinned { get; init; }
    public uint PinnedCpus { get; init; }
    public uint DistinctNice { get; init; } = 1;
    public ulong HugePagesKb { get; init; }
    public bool MsrOpen { get; init; }
    public string StdOut { get; init; } = "pipe:[77]";
    public uint RemotePort { get; init; }
    public string RemoteAddress { get; init; } = "198.51.100.20";
    public double VoluntaryPerSecond { get; init; } = 500;
    public double InvoluntaryPerSecond { get; init; } = 10;
    public double IoBytesPerSecond { get; init; } = 100_000;
    public double IoCharsPerSecond { get; init; } = 1_000_000;

    /// <summary>Plays the scenario and says whether <paramref name="rule"/> matches at its end.</summary>
    public bool Fires(RuleSet rules, string rule)
    {
        var compiled = rules.Rule(rule) ?? throw new ArgumentException($"no rule '{rule}'");
        var (host, process, time) = Play();
        var facts = new ProcessFacts(new DetectionOptions(), new FixedBaseline(-1));
        facts.Reset(host, process, time, rules.List("kernel_thread_names"));
        return compiled.Matches(facts);
    }

    private (HostState Host, ProcessRecord Process, DateTimeOffset Time) Play()
    {
        var host = new HostState("web1", new IngestOptions());
        host.Greet(new Hello { Host = "web1", InstanceId = "i", BootId = "b", ClockTicksPerSecond = 100, CpuCount = 2 }, Epoch);
        var keyframe = new Batch { Seq = 1, Time = Timestamp.FromDateTimeOffset(Epoch), IntervalSeconds = 1, Keyframe = true };
        int parent = 1;
        for (int i = 0; i < Ancestors.Length; i++)
        {
            int pid = i == Ancestors.Length - 1 ? ParentPid : 200 + i;
            keyframe.Started.Add(new ProcessSample
            {
                Pid = pid, StartTicks = 1000, Ppid = parent, Uid = Uid, User = User, Comm = Ancestors[i],
                Exe = "/usr/sbin/" + Ancestors[i], Cmdline = Ancestors[i], State = "S", Session = pid, Threads = 1,
            });
            parent = pid;
        }
        keyframe.Started.Add(Sample(0, full: true, parentPid: Ancestors.Length == 0 ? 1 : ParentPid));
        host.Apply(keyframe, Epoch);
        var time = Epoch;
        for (int t = 1; t <= Seconds; t++)
        {
            time = Epoch.AddSeconds(t);
            var batch = new Batch { Seq = (ulong)t + 1, Time = Timestamp.FromDateTimeOffset(time), IntervalSeconds = 1 };
            batch.Updated.Add(Sample(t, full: false, parentPid: 0));
            host.Apply(batch, time);
        }
        return (host, host.Find(Pid, StartTicks)!, time);
    }

    private ProcessSample Sample(int t, bool full, int parentPid)
    {
        float cpu = Cpu(t);
        var s = new ProcessSample { Pid = Pid, StartTicks = StartTicks };
        if (full)
        {
            s.Ppid = parentPid;
            s.Uid = Uid;
            s.User = User;
            s.Comm = Comm;
            s.Exe = Exe;
            s.ExeDeleted = ExeDeleted;
            s.Cmdline = Cmdline;
            s.KernelThread = false;
            s.State = "S";
            s.Pgrp = Pid;
            s.Session = SessionLeader ? Pid : 300;
            s.TtyNr = TtyNr;
            s.Threads = Math.Max(1, BusyThreads + 1);
            s.RssKb = 4096;
        }
        if (cpu > 0)
        {
            s.CpuPercent = cpu;
            s.CpuTicks = CpuTicks(t);
            s.Detail = new ProcessDetail
            {
                VoluntaryCtxtSwitches = (ulong)(VoluntaryPerSecond * t),
                NonvoluntaryCtxtSwitches = (ulong)(InvoluntaryPerSecond * t),
                ReadBytes = (ulong)(IoBytesPerSecond * t / 2),
                WriteBytes = (ulong)(IoBytesPerSecond * t / 2),
                ReadChars = (ulong)(IoCharsPerSecond * t / 2),
                WriteChars = (ulong)(IoCharsPerSecond * t / 2),
                Deep = new DeepDetail
                {
                    Threads = new ThreadSummary
                    {
                        Count = Math.Max(1, BusyThreads + 1), Busy = BusyThreads, BusyCpuMin = BusyThreads > 0 ? cpu / BusyThreads : 0,
                        BusyCpuMax = BusyThreads > 0 ? cpu / BusyThreads : 0, Pinned = Pinned, PinnedCpus = PinnedCpus, DistinctNice = DistinctNice,
                    },
                    Stdin = StdOut == "/dev/null" ? "/dev/null" : "pipe:[76]",
                    Stdout = StdOut,
                    Stderr = StdOut,
                    OpenFiles = 5,
                    MsrOpen = MsrOpen,
                    AnonHugePagesKb = HugePagesKb,
                },
            };
            if (RemotePort != 0)
            {
                s.Detail.Deep.Connections.Add(new Connection
                {
                    LocalAddress = "10.0.0.5", LocalPort = 41000, RemoteAddress = RemoteAddress, RemotePort = RemotePort, State = "ESTABLISHED",
                });
            }
        }
        return s;
    }

    /// <summary>CPU ticks (100 a second) used up to second <paramref name="t"/>: the CPU of each second so far.</summary>
    private ulong CpuTicks(int t)
    {
        double ticks = 0;
        for (int i = 0; i <= t; i++)
        {
            ticks += Cpu(i);
        }
        return (ulong)ticks;
    }

    private sealed class FixedBaseline(double score) : IBaselineScores
    {
        public double Score(string host, uint uid) => score;
    }
}
