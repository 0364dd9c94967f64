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

    private readonly DetectionOptions _options;
    private readonly IBaselineScores _baseline;
    private readonly List<string> _ancestors = [];
    private readonly List<string> _ancestorExes = [];
    private readonly List<string> _remoteAddresses = [];
    private readonly List<string> _remotePorts = [];
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

    public bool Has(int field)
    {
        var deep = _p.Deep;
        return field switch
        {
            _ when field == ProcBusyThreads.Id || field == ProcBusyThreadCpuMin.Id || field == ProcPinnedThreads.Id
                || field == ProcPinnedCpus.Id || field == ProcDistinctNice.Id => deep?.Threads is not null,
            _ when field == ProcHugePagesKb.Id || field == ProcMsrOpen.Id || field == ProcOpenFiles.Id || field == ProcStdNull.Id
                || field == ProcConnections.Id || field == ProcRemoteAddresses.Id || field == ProcRemotePorts.Id => deep is not null,
            _ when field == ProcVoluntarySwitchRate.Id => !double.IsNaN(Counters().Voluntary),
            _ when field == ProcInvoluntarySwitchRate.Id => !double.IsNaN(Counters().Involuntary),
            _ when field == ProcIoBytesRate.Id => !double.IsNaN(Counters().IoBytes),
            _ when field == ProcIoCharsRate.Id => !double.IsNaN(Counters().IoChars),
            _ when field == ProcVoluntaryPerCpuSecond.Id => !double.IsNaN(Counters().VoluntaryPerCpuSecond),
            _ when field == ProcIoBytesPerCpuSecond.Id => !double.IsNaN(Counters().IoBytesPerCpuSecond),
            _ when field == ProcIoCharsPerCpuSecond.Id => !double.IsNaN(Counters().IoCharsPerCpuSecond),
            _ when field == ProcCpuFlatness.Id => !double.IsNaN(CpuWindow().Variation),
            _ when field == UserBaselineScore.Id => true,
            _ when field == UserCpu.Id || field == UserProcesses.Id => _user is not null,
            _ => FieldCatalog.All[field].Name.StartsWith("proc.", StringComparison.Ordinal)
                || FieldCatalog.All[field].Name.StartsWith("user.", StringComparison.Ordinal)
                || FieldCatalog.All[field].Name.StartsWith("host.", StringComparison.Ordinal),
        };
    }

    public string GetString(int field)
    {
        if (field == ProcName.Id) { return _p.Comm; }
        if (field == ProcExe.Id) { return _p.Exe; }
        if (field == ProcExeName.Id) { return ExeName(_p.Exe); }
        if (field == ProcExeDir.Id) { return ExeDirectory(_p.Exe); }
        if (field == ProcCmdline.Id) { return _p.CommandLine; }
        if (field == ProcState.Id) { return _p.State; }
        if (field == ProcKthreadLookalike.Id) { return KernelThread().Lookalike; }
        if (field == UserName.Id) { return _p.User; }
        if (field == HostName.Id) { return _host.Host; }
        return "";
    }

    public double GetNumber(int field)
    {
        var deep = _p.Deep;
        if (field == ProcPid.Id) { return _p.Pid; }
        if (field == ProcPpid.Id) { return _p.ParentPid; }
        if (field == ProcCpu.Id) { return _p.CpuPercent; }
        if (field == ProcThreads.Id) { return _p.Threads; }
        if (field == ProcRssKb.Id) { return _p.RssKb; }
        if (field == ProcNice.Id) { return _p.Nice; }
        if (field == ProcAgeSeconds.Id) { return Seconds(_p.FirstSeen); }
        if (field == ProcKthreadDistance.Id) { return KernelThread().Distance; }
        if (field == ProcChildren.Id) { return Children(); }
        if (field == ProcBusySeconds.Id) { return _p.BusySince is { } b ? Seconds(b) : 0; }
        if (field == ProcActiveSeconds.Id) { return _p.ActiveSince is { } a ? Seconds(a) : 0; }
        if (field == ProcSaturatedSeconds.Id) { return _p.SaturatedSince is { } s ? Seconds(s) : 0; }
        if (field == ProcCpuMean.Id) { return CpuWindow().Mean; }
        if (field == ProcCpuFlatness.Id) { return CpuWindow().Variation; }
        if (field == ProcWindowSeconds.Id) { return CpuWindow().Seconds; }
        if (field == ProcVoluntarySwitchRate.Id) { return Counters().Voluntary; }
        if (field == ProcInvoluntarySwitchRate.Id) { return Counters().Involuntary; }
        if (field == ProcIoBytesRate.Id) { return Counters().IoBytes; }
        if (field == ProcIoCharsRate.Id) { return Counters().IoChars; }
        if (field == ProcVoluntaryPerCpuSecond.Id) { return Counters().VoluntaryPerCpuSecond; }
        if (field == ProcIoBytesPerCpuSecond.Id) { return Counters().IoBytesPerCpuSecond; }
        if (field == ProcIoCharsPerCpuSecond.Id) { return Counters().IoCharsPerCpuSecond; }
        if (field == ProcBusyThreads.Id) { return deep?.Threads?.Busy ?? 0; }
        if (field == ProcBusyThreadCpuMin.Id) { return deep?.Threads?.BusyCpuMin ?? 0; }
        if (field == ProcPinnedThreads.Id) { return deep?.Threads?.Pinned ?? 0; }
        if (field == ProcPinnedCpus.Id) { return deep?.Threads?.PinnedCpus ?? 0; }
        if (field == ProcDistinctNice.Id) { return deep?.Threads?.DistinctNice ?? 0; }
        if (field == ProcHugePagesKb.Id) { return deep is null ? 0 : deep.AnonHugePagesKb + deep.HugetlbPagesKb; }
        if (field == ProcOpenFiles.Id) { return deep?.OpenFiles ?? 0; }
        if (field == ProcConnections.Id) { return deep?.Connections.Count ?? 0; }
        if (field == UserUid.Id) { return _p.Uid; }
        if (field == UserCpu.Id) { return _user?.CpuPercent ?? 0; }
        if (field == UserProcesses.Id) { return _user?.Processes ?? 0; }
        if (field == UserBaselineScore.Id) { return _baseline.Score(_host.Host, _p.Uid); }
        if (field == HostCpus.Id) { return _host.CpuCount; }
        return 0;
    }

    public bool GetBool(int field)
    {
        var deep = _p.Deep;
        if (field == ProcExeDeleted.Id) { return _p.ExeDeleted; }
        if (field == ProcKernelThread.Id) { return _p.KernelThread; }
        if (field == ProcParentInit.Id) { return _p.ParentPid == 1; }
        if (field == ProcSessionLeader.Id) { return _p.Session == _p.Pid; }
        if (field == ProcTty.Id) { return _p.TtyNr != 0; }
        if (field == ProcMsrOpen.Id) { return deep?.MsrOpen ?? false; }
        if (field == ProcStdNull.Id) { return deep is not null && IsNull(deep.Stdin) && IsNull(deep.Stdout) && IsNull(deep.Stderr); }
        if (field == UserSystem.Id) { return IsSystemUser(_p.Uid, _options); }
        return false;
    }

    public IReadOnlyList<string> GetList(int field)
    {
        if (field == ProcAncestors.Id) { Lineage(); return _ancestors; }
        if (field == ProcAncestorExes.Id) { Lineage(); return _ancestorExes; }
        if (field == ProcRemoteAddresses.Id) { Connections(); return _remoteAddresses; }
        if (field == ProcRemotePorts.Id) { Connections(); return _remotePorts; }
        return [];
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
            (int distance, string? nearest) = _p.KernelThread ? (-1, null) : KernelThreadNames.Nearest(_p.Comm, _kernelThreadNames);
            _kthreadDistance = distance;
            _kthreadLookalike = nearest ?? "";
        }
        return (_kthreadDistance, _kthreadLookalike);
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
