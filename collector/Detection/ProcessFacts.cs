using HsGuard.Collector.Ingest;
using static HsGuard.Collector.Detection.FieldCatalog;

namespace HsGuard.Collector.Detection;

/// <summary>
/// The fields of one process, for its rules' evaluation: taken from the collector's record of the
/// process, its host's table (ancestors, children, the user's totals) and the windowed history.
/// One instance is reused for every evaluation (<see cref="Reset"/>); what costs something
/// (ancestors, windows, the nearest kernel thread name) is computed when a rule first asks.
/// </summary>
internal sealed class ProcessFacts : IFieldSource
{
    private const int MaxAncestors = 64;
    private const int MaxRememberedNames = 4096;

    private readonly DetectionOptions _options;
    private readonly IBaselineScores _baseline;
    private readonly List<string> _ancestors = [];
    private readonly List<string> _ancestorExes = [];
    private readonly List<string> _remoteAddresses = [];
    private readonly List<string> _remotePorts = [];
    private readonly Dictionary<string, (int Distance, string? Nearest)> _nearest = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _nearestFor;
    private HostState _host = null!;
    private ProcessRecord _p = null!;
    private UserRecord? _user;
    private IReadOnlyList<string> _kernelThreadNames = [];
    private DateTimeOffset _time;
    private bool _lineageDone;
    private bool _connectionsDone;
    private bool _kthreadDone;
    private bool _cpuWindowDone;
    private bool _countersDone;
    private int _kthreadDistance;
    private string _kthreadLookalike = "";
    private double _cpuMean;
    private double _cpuVariation = double.NaN;
    private double _windowSeconds;
    private CounterRates _rates = CounterRates.None;

    public ProcessFacts(DetectionOptions options, IBaselineScores baseline)
    {
        _options = options;
        _baseline = baseline;
    }

    public ProcessRecord Process => _p;

    public void Reset(HostState host, ProcessRecord process, DateTimeOffset time, IReadOnlyList<string>? kernelThreadNames)
    {
        _host = host;
        _p = process;
        _user = host.FindUser(process.Uid);
        _time = time;
        _kernelThreadNames = kernelThreadNames ?? [];
        _lineageDone = _connectionsDone = _kthreadDone = _cpuWindowDone = _countersDone = false;
    }

    // What answers each field, by its id: a lookup, not a chain of comparisons, since rules ask
    // for fields hundreds of times a sample. A field without an entry has no value here.
    // A field of these scopes has a value unless an entry says when; any other field has none.
    private static readonly Func<ProcessFacts, bool>[] HasValue = Table<bool>(
        static _ => false,
        [.. FieldCatalog.All.Where(f => f.Name.StartsWith("proc.", StringComparison.Ordinal) || f.Name.StartsWith("user.", StringComparison.Ordinal)
            || f.Name.StartsWith("host.", StringComparison.Ordinal)).Select(f => (f, (Func<ProcessFacts, bool>)(static _ => true))),
        (ProcBusyThreads, static f => f._p.Deep?.Threads is not null),
        (ProcBusyThreadCpuMin, static f => f._p.Deep?.Threads is not null),
        (ProcPinnedThreads, static f => f._p.Deep?.Threads is not null),
        (ProcPinnedCpus, static f => f._p.Deep?.Threads is not null),
        (ProcDistinctNice, static f => f._p.Deep?.Threads is not null),
        (ProcHugePagesKb, static f => f._p.Deep is not null),
        (ProcMsrOpen, static f => f._p.Deep is not null),
        (ProcOpenFiles, static f => f._p.Deep is not null),
        (ProcStdNull, static f => f._p.Deep is not null),
        (ProcConnections, static f => f._p.Deep is not null),
        (ProcRemoteAddresses, static f => f._p.Deep is not null),
        (ProcRemotePorts, static f => f._p.Deep is not null),
        (ProcVoluntarySwitchRate, static f => !double.IsNaN(f.Counters().Voluntary)),
        (ProcInvoluntarySwitchRate, static f => !double.IsNaN(f.Counters().Involuntary)),
        (ProcIoBytesRate, static f => !double.IsNaN(f.Counters().IoBytes)),
        (ProcIoCharsRate, static f => !double.IsNaN(f.Counters().IoChars)),
        (ProcVoluntaryPerCpuSecond, static f => !double.IsNaN(f.Counters().VoluntaryPerCpuSecond)),
        (ProcIoBytesPerCpuSecond, static f => !double.IsNaN(f.Counters().IoBytesPerCpuSecond)),
        (ProcIoCharsPerCpuSecond, static f => !double.IsNaN(f.Counters().IoCharsPerCpuSecond)),
        (ProcCpuFlatness, static f => !double.IsNaN(f.CpuWindow().Variation)),
        (UserBaselineScore, static _ => true),
        (UserCpu, static f => f._user is not null),
        (UserProcesses, static f => f._user is not null)]);

    private static readonly Func<ProcessFacts, string>[] Strings = Table<string>(
        static _ => "",
        (ProcName, static f => f._p.Comm),
        (ProcExe, static f => f._p.Exe),
        (ProcExeName, static f => ExeName(f._p.Exe)),
        (ProcExeDir, static f => ExeDirectory(f._p.Exe)),
        (ProcCmdline, static f => f._p.CommandLine),
        (ProcState, static f => f._p.State),
        (ProcKthreadLookalike, static f => f.KernelThread().Lookalike),
        (UserName, static f => f._p.User),
        (HostName, static f => f._host.Host));

    private static readonly Func<ProcessFacts, double>[] Numbers = Table<double>(
        static _ => 0,
        (ProcPid, static f => f._p.Pid),
        (ProcPpid, static f => f._p.ParentPid),
        (ProcCpu, static f => f._p.CpuPercent),
        (ProcThreads, static f => f._p.Threads),
        (ProcRssKb, static f => f._p.RssKb),
        (ProcNice, static f => f._p.Nice),
        (ProcAgeSeconds, static f => f.Seconds(f._p.FirstSeen)),
        (ProcKthreadDistance, static f => f.KernelThread().Distance),
        (ProcChildren, static f => f.Children()),
        (ProcBusySeconds, static f => f._p.BusySince is { } b ? f.Seconds(b) : 0),
        (ProcActiveSeconds, static f => f._p.ActiveSince is { } a ? f.Seconds(a) : 0),
        (ProcSaturatedSeconds, static f => f._p.SaturatedSince is { } s ? f.Seconds(s) : 0),
        (ProcCpuMean, static f => f.CpuWindow().Mean),
        (ProcCpuFlatness, static f => f.CpuWindow().Variation),
        (ProcWindowSeconds, static f => f.CpuWindow().Seconds),
        (ProcVoluntarySwitchRate, static f => f.Counters().Voluntary),
        (ProcInvoluntarySwitchRate, static f => f.Counters().Involuntary),
        (ProcIoBytesRate, static f => f.Counters().IoBytes),
        (ProcIoCharsRate, static f => f.Counters().IoChars),
        (ProcVoluntaryPerCpuSecond, static f => f.Counters().VoluntaryPerCpuSecond),
        (ProcIoBytesPerCpuSecond, static f => f.Counters().IoBytesPerCpuSecond),
        (ProcIoCharsPerCpuSecond, static f => f.Counters().IoCharsPerCpuSecond),
        (ProcBusyThreads, static f => f._p.Deep?.Threads?.Busy ?? 0),
        (ProcBusyThreadCpuMin, static f => f._p.Deep?.Threads?.BusyCpuMin ?? 0),
        (ProcPinnedThreads, static f => f._p.Deep?.Threads?.Pinned ?? 0),
        (ProcPinnedCpus, static f => f._p.Deep?.Threads?.PinnedCpus ?? 0),
        (ProcDistinctNice, static f => f._p.Deep?.Threads?.DistinctNice ?? 0),
        (ProcHugePagesKb, static f => f._p.Deep is not { } deep ? 0 : deep.AnonHugePagesKb + deep.HugetlbPagesKb),
        (ProcOpenFiles, static f => f._p.Deep?.OpenFiles ?? 0),
        (ProcConnections, static f => f._p.Deep?.Connections.Count ?? 0),
        (UserUid, static f => f._p.Uid),
        (UserCpu, static f => f._user?.CpuPercent ?? 0),
        (UserProcesses, static f => f._user?.Processes ?? 0),
        (UserBaselineScore, static f => f._baseline.Score(f._host.Host, f._p.Uid)),
        (HostCpus, static f => f._host.CpuCount));

    private static readonly Func<ProcessFacts, bool>[] Bools = Table<bool>(
        static _ => false,
        (ProcExeDeleted, static f => f._p.ExeDeleted),
        (ProcKernelThread, static f => f._p.KernelThread),
        (ProcParentInit, static f => f._p.ParentPid == 1),
        (ProcSessionLeader, static f => f._p.Session == f._p.Pid),
        (ProcTty, static f => f._p.TtyNr != 0),
        (ProcMsrOpen, static f => f._p.Deep?.MsrOpen ?? false),
        (ProcStdNull, static f => f._p.Deep is { } deep && IsNull(deep.Stdin) && IsNull(deep.Stdout) && IsNull(deep.Stderr)),
        (UserSystem, static f => IsSystemUser(f._p.Uid, f._options)));

    private static readonly Func<ProcessFacts, IReadOnlyList<string>>[] Lists = Table<IReadOnlyList<string>>(
        static _ => [],
        (ProcAncestors, static f => { f.Lineage(); return f._ancestors; }),
        (ProcAncestorExes, static f => { f.Lineage(); return f._ancestorExes; }),
        (ProcRemoteAddresses, static f => { f.Connections(); return f._remoteAddresses; }),
        (ProcRemotePorts, static f => { f.Connections(); return f._remotePorts; }));

    public bool Has(int field) => HasValue[field](this);

    public string GetString(int field) => Strings[field](this);

    public double GetNumber(int field) => Numbers[field](this);

    public bool GetBool(int field) => Bools[field](this);

    public IReadOnlyList<string> GetList(int field) => Lists[field](this);

    /// <summary>A table by field id: <paramref name="fallback"/>, and the entries (a later one for
    /// the same field wins).</summary>
    private static Func<ProcessFacts, T>[] Table<T>(Func<ProcessFacts, T> fallback, params (FieldDefinition Field, Func<ProcessFacts, T> Get)[] entries)
    {
        var table = new Func<ProcessFacts, T>[FieldCatalog.All.Count];
        Array.Fill(table, fallback);
        foreach (var (field, get) in entries)
        {
            table[field.Id] = get;
        }
        return table;
    }

    /// <summary>root, a uid below the first member uid, or nobody and above.</summary>
    public static bool IsSystemUser(uint uid, DetectionOptions options) => uid < options.FirstMemberUid || uid >= 65534;

    private static bool IsNull(string target) => target.Length == 0 || target == "/dev/null";

    private double Seconds(DateTimeOffset since) => Math.Max(0, (_time - since).TotalSeconds);

    private static string ExeName(string exe)
    {
        int slash = exe.LastIndexOf('/');
        return slash < 0 ? exe : exe[(slash + 1)..];
    }

    private static string ExeDirectory(string exe)
    {
        int slash = exe.LastIndexOf('/');
        return slash < 0 ? "" : exe[..(slash + 1)];
    }

    private void Lineage()
    {
        if (_lineageDone)
        {
            return;
        }
        _lineageDone = true;
        _ancestors.Clear();
        _ancestorExes.Clear();
        int pid = _p.ParentPid;
        for (int i = 0; i < MaxAncestors && pid > 1; i++)
        {
            var parent = _host.FindByPid(pid);
            if (parent is null || parent.Pid == _p.Pid)
            {
                break;
            }
            _ancestors.Add(parent.Comm);
            _ancestorExes.Add(parent.Exe);
            pid = parent.ParentPid;
        }
    }

    private int Children()
    {
        int children = 0;
        foreach (var other in _host.Live)
        {
            if (other.ParentPid == _p.Pid)
            {
                children++;
            }
        }
        return children;
    }

    private void Connections()
    {
        if (_connectionsDone)
        {
            return;
        }
        _connectionsDone = true;
        _remoteAddresses.Clear();
        _remotePorts.Clear();
        if (_p.Deep is null)
        {
            return;
        }
        foreach (var c in _p.Deep.Connections)
        {
            _remoteAddresses.Add(c.RemoteAddress);
            _remotePorts.Add(c.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private (int Distance, string Lookalike) KernelThread()
    {
        if (!_kthreadDone)
        {
            _kthreadDone = true;
            (int distance, string? nearest) = _p.KernelThread ? (-1, null) : NearestKernelThread(_p.Comm);
            _kthreadDistance = distance;
            _kthreadLookalike = nearest ?? "";
        }
        return (_kthreadDistance, _kthreadLookalike);
    }

    /// <summary><see cref="KernelThreadNames.Nearest"/>, remembered by name for the current list:
    /// it compares the name with every kernel thread name, on every sample, while a host's
    /// processes have few distinct names and a process's name seldom changes.</summary>
    private (int Distance, string? Nearest) NearestKernelThread(string name)
    {
        if (!ReferenceEquals(_nearestFor, _kernelThreadNames) || _nearest.Count >= MaxRememberedNames)
        {
            _nearest.Clear();
            _nearestFor = _kernelThreadNames;
        }
        if (!_nearest.TryGetValue(name, out var found))
        {
            _nearest[name] = found = KernelThreadNames.Nearest(name, _kernelThreadNames);
        }
        return found;
    }

    private (double Mean, double Variation, double Seconds) CpuWindow()
    {
        if (!_cpuWindowDone)
        {
            _cpuWindowDone = true;
            (_cpuMean, _cpuVariation, _windowSeconds) = WindowStatistics.Cpu(_p.History, _time, _options.Window);
        }
        return (_cpuMean, _cpuVariation, _windowSeconds);
    }

    private CounterRates Counters()
    {
        if (!_countersDone)
        {
            _countersDone = true;
            _rates = WindowStatistics.Rates(_p.Counters, _p.LatestCounters, _time, _options.Window, _host.ClockTicksPerSecond);
        }
        return _rates;
    }
}
