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
        _firstSeen = Instant.Of(firstSeen);
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

    /// <summary>The last deep look (threads, files, connections, memory); kept while the process
    /// stays busy enough for the agent to take it, dropped when it is not sent any more.</summary>
    public DeepDetail? Deep { get; private set; }

    /// <summary>Counters of the detail over the last minute, for rates over a window.</summary>
    public History<CounterPoint>? Counters => _counters?.Points;

    /// <summary>The counters of the newest sample (the window's end).</summary>
    public CounterPoint? LatestCounters => _counters?.Latest;

    /// <summary>Since when it has been busy (<see cref="BusyNow"/>) without a break longer than
    /// <see cref="BusyGrace"/>.</summary>
    public DateTimeOffset? BusySince => Instant.ToTime(_busySince);

    /// <summary>Since when it has used at least <see cref="ActiveCpuPercent"/> of a core in every
    /// interval without a break longer than <see cref="BusyGrace"/>, busy or not.</summary>
    public DateTimeOffset? ActiveSince => Instant.ToTime(_activeSince);

    /// <summary>Since when its busy threads have each used nearly a whole core without a break.</summary>
    public DateTimeOffset? SaturatedSince => Instant.ToTime(_saturatedSince);

    public bool Incomplete { get; set; }

    /// <summary>When the collector first heard of it.</summary>
    public DateTimeOffset FirstSeen => new(_firstSeen, TimeSpan.Zero);

    /// <summary>Time of the last batch that named it.</summary>
    public DateTimeOffset LastSeen => new(_lastSeen, TimeSpan.Zero);

    public DateTimeOffset? ExitedAt
    {
        get => Instant.ToTime(_exitedAt);
        set => _exitedAt = Instant.Of(value);
    }

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
        long ms = time.ToUnixTimeMilliseconds();
        _preemptedMoreThanWaited = false;
        if (s.Detail is not null)
        {
            Deep = s.Detail.Deep;
            var counters = new CounterPoint(time, s.Detail, CpuTicks);
            if (_counters is null)
            {
                _counters = new CounterTrack(counters);
            }
            else
            {
                var previous = _counters.Latest;
                ulong preempted = counters.InvoluntarySwitches - Math.Min(counters.InvoluntarySwitches, previous.InvoluntarySwitches);
                ulong waited = counters.VoluntarySwitches - Math.Min(counters.VoluntarySwitches, previous.VoluntarySwitches);
                _preemptedMoreThanWaited = preempted > waited;
                _counters.Latest = counters;
            }
            // Every few seconds is enough for rates over a minute, at a quarter of the memory.
            var points = _counters.Points;
            if (points.Count == 0 || ms - points.Last.UnixMilliseconds >= CounterSpacingMilliseconds)
            {
                points.Add(counters);
            }
        }
        else if (s.HasCpuPercent)
        {
            Deep = null;
        }
        // An update without cpu_percent means no CPU was used in its interval.
        CpuPercent = s.HasCpuPercent ? s.CpuPercent : 0;
        _lastSeen = Instant.Of(time);
        TrackLoad(time);
        // A batch applied again (resent after a collector restart) adds no second point.
        if ((CpuPercent > 0 || s.HasRssKb || History.Count == 0) && (History.Count == 0 || History.Last.UnixMilliseconds < ms))
        {
            History.Add(new ProcessPoint(time, CpuPercent, (int)Math.Min(RssKb, int.MaxValue)));
        }
    }

    /// <summary>A process the batch did not name used no CPU in its interval.</summary>
    public void Idle(DateTimeOffset time)
    {
        CpuPercent = 0;
        _preemptedMoreThanWaited = false;
        Deep = null;
        long ms = time.ToUnixTimeMilliseconds();
        if (History.Count == 0 || History.Last.UnixMilliseconds < ms)
        {
            // The drop to idle is part of the CPU's history (a throttled process's pauses).
            History.Add(new ProcessPoint(time, 0, (int)Math.Min(RssKb, int.MaxValue)));
        }
        TrackLoad(time);
    }

    /// <summary>CPU at which a process counts as busy: a quarter of a core, the agent's threshold
    /// for the deep look. A miner does not choose how much CPU it gets: on a full machine (other
    /// members' work, other miners) one that would take every core it may is squeezed to a third of
    /// a core, and one throttled to half a core to less; both still count.</summary>
    public const float BusyCpuPercent = 25;

    /// <summary>CPU at which a process that wants more than it gets counts as busy: a tenth of a
    /// core, while it was preempted more often than it waited in the interval (involuntary over
    /// voluntary context switches). On a machine loaded with dozens of runnable threads a miner
    /// with two threads gets a fifth of a core or less; what tells it from an idle process is that
    /// it never waits for anything and the scheduler takes the CPU from it.</summary>
    public const float ContendedBusyCpuPercent = 10;

    /// <summary>CPU at which a process counts as active: a tenth of a core, whether it waits or not.
    /// A miner that throttles itself by sleeping (work 5 ms, sleep 5 ms) waits as often as the
    /// scheduler preempts it, so on a loaded machine it is busy in some seconds and not in others;
    /// it never drops below a tenth of a core, and stays active.</summary>
    public const float ActiveCpuPercent = 10;

    /// <summary>How long a process may be less than busy without ending a busy spell: a process that wants the CPU all the time still misses a tick now and then when
    /// others take the cores (a sample at 22 % between ones at 30 %).</summary>
    public static readonly TimeSpan BusyGrace = TimeSpan.FromSeconds(2);

    // Times are kept as UTC ticks, 0 for none (see Instant): a fleet's collector holds hundreds of
    // thousands of these records, and a DateTimeOffset? takes three times the room.
    private readonly long _firstSeen;
    private long _lastSeen;
    private long _exitedAt;
    private long _busySince;
    private long _activeSince;
    private long _saturatedSince;

    /// <summary>Since when the process has been less than busy during a busy spell.</summary>
    private long _quietSince;

    /// <summary>Since when the process has been less than active during an active spell.</summary>
    private long _inactiveSince;

    /// <summary>The counters of the deep looks, from the first one on; dropped when the last is
    /// older than the window they serve (<see cref="Trim"/>).</summary>
    private CounterTrack? _counters;

    /// <summary>In the last interval the process was preempted more often than it waited.</summary>
    private bool _preemptedMoreThanWaited;

    /// <summary>Busy in the last interval: a quarter of a core, or a tenth while it wants more.</summary>
    private bool BusyNow => CpuPercent >= BusyCpuPercent || (CpuPercent >= ContendedBusyCpuPercent && _preemptedMoreThanWaited);

    /// <summary>Counter points kept, one every <see cref="CounterSpacingMilliseconds"/>: a
    /// minute and a bit.</summary>
    private const int CounterWindow = 18;

    private const long CounterSpacingMilliseconds = 3900;

    /// <summary>How long counters are kept after the last deep look: the points of the window
    /// (<see cref="CounterWindow"/> of them, one every <see cref="CounterSpacingMilliseconds"/>).
    /// Rates are taken only over points that recent, so older ones serve nothing.</summary>
    public static readonly TimeSpan CounterRetention = TimeSpan.FromMilliseconds(CounterWindow * CounterSpacingMilliseconds);

    /// <summary>Lets go of what no rule can use any more: the counters of a process whose last deep
    /// look is older than <see cref="CounterRetention"/> (it went quiet; a new deep look starts
    /// them again).</summary>
    public void Trim(DateTimeOffset time)
    {
        if (_counters is not null && time.ToUnixTimeMilliseconds() - _counters.Latest.UnixMilliseconds > CounterRetention.TotalMilliseconds)
        {
            _counters = null;
        }
    }

    private void TrackLoad(DateTimeOffset time)
    {
        long now = Instant.Of(time);
        _busySince = Spell(_busySince, ref _quietSince, BusyNow, now);
        _activeSince = Spell(_activeSince, ref _inactiveSince, CpuPercent >= ActiveCpuPercent, now);
        // Saturated: there are busy threads (each at 80 % of a core or more, by the agent's count)
        // and the process uses at least that much in all.
        if (Deep?.Threads is { Busy: > 0 } threads && CpuPercent >= 80f * threads.Busy)
        {
            if (_saturatedSince == 0)
            {
                _saturatedSince = now;
            }
        }
        else
        {
            _saturatedSince = 0;
        }
    }

    /// <summary>A spell's start after an interval (UTC ticks, 0 for none): it starts when the
    /// condition holds and ends once it has not held for <see cref="BusyGrace"/>.</summary>
    private static long Spell(long since, ref long pausedSince, bool holds, long now)
    {
        if (holds)
        {
            pausedSince = 0;
            return since == 0 ? now : since;
        }
        if (since == 0)
        {
            return 0;
        }
        if (pausedSince == 0)
        {
            pausedSince = now;
        }
        if (now - pausedSince >= BusyGrace.Ticks)
        {
            pausedSince = 0;
            return 0;
        }
        return since;
    }

    /// <summary>The counters of the deep looks: a window of points and the newest.</summary>
    private sealed class CounterTrack(CounterPoint first)
    {
        public History<CounterPoint> Points { get; } = new(CounterWindow);

        public CounterPoint Latest { get; set; } = first;
    }
}
