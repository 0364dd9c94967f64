using HsGuard.Agent.Native;
using HsGuard.Agent.Proc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Sampling;

/// <summary>
/// One pass over /proc per call: lists the processes, reads each one's stat (one file a process
/// in the steady state), and derives CPU as the delta of utime+stime since the previous pass and
/// per-user totals from the same pass. What never changes for a process (start time, executable,
/// command line) is read once per (pid, start time) and again only when the process execs.
/// Busy processes also get their context switches and I/O counters read, and their executable
/// checked for deletion every pass; the busiest (<see cref="SamplerOptions.DeepCpuPercent"/>) get
/// the deep look of <see cref="DeepSampler"/> too. Not thread-safe: one owner calls <see cref="Sample"/>.
/// </summary>
public sealed class ProcessSampler : IDisposable
{
    private const int MaxWarnedPids = 4096;

    /// <summary>Passes in which a new process's owner is looked at every time: a forked server
    /// child drops its privileges (setuid) just after it starts.</summary>
    private const long YoungPasses = 5;

    private const ulong MinimumDeepTicks = 2;

    private readonly SamplerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ProcDirectory _proc;
    private readonly UserNameCache _userNames;
    private readonly DeepSampler _deep;
    private readonly Dictionary<int, ProcessEntry> _table = new(1024);
    private readonly Dictionary<uint, UserTotal> _userTotals = [];
    private readonly List<int> _pids = new(1024);
    private readonly List<int> _tids = new(64);
    private readonly byte[] _dents = new byte[16 * 1024];
    private readonly SampleFrame _frame = new();
    private readonly byte[] _buffer = new byte[8192];
    private readonly byte[] _textBuffer;
    private readonly HashSet<int> _warnedPids = [];
    private readonly double _hz;
    private readonly int _self = Posix.CurrentProcessId;
    private readonly long _pageKb;
    private readonly double _uptimeAtStart;
    private readonly long _startStamp;
    private readonly DateTimeOffset _bootTime;
    private long _pass;
    private int _seen;
    private long _lastStamp;
    private double _lastBootSeconds;
    private bool _limitWarned;

    public ProcessSampler(IOptions<SamplerOptions> options, TimeProvider time, ILogger<ProcessSampler> log)
        : this(options.Value, time, log, new UserNameCache(time))
    {
    }

    internal ProcessSampler(SamplerOptions options, TimeProvider time, ILogger log, UserNameCache userNames)
    {
        _options = options;
        _time = time;
        _log = log;
        _userNames = userNames;
        _proc = new ProcDirectory(options.ProcRoot);
        _textBuffer = new byte[Math.Max(options.CommandLineMaxBytes + 1, 4096)];
        _hz = Posix.ClockTicksPerSecond;
        _deep = new DeepSampler(options, _hz);
        _pageKb = Posix.PageSize / 1024;
        _startStamp = time.GetTimestamp();
        if (!_proc.TryReadUptime(out _uptimeAtStart))
        {
            SamplerLog.SystemFileUnreadable(log, "uptime", options.ProcRoot, "CPU of new processes is measured from the next pass");
        }
        _bootTime = _proc.TryReadBootTime(out long btime)
            ? DateTimeOffset.FromUnixTimeSeconds(btime)
            : time.GetUtcNow() - TimeSpan.FromSeconds(_uptimeAtStart);
        long limit = options.KeepFilesOpen ? Posix.RaiseOpenFileLimit() : 0;
        SamplerLog.Started(log, options.ProcRoot, limit, (long)_hz, options.KeepFilesOpen);
    }

    /// <summary>The proc filesystem this sampler reads.</summary>
    public ProcDirectory Proc => _proc;

    /// <summary>The host's boot time, from /proc/stat.</summary>
    public DateTimeOffset BootTime => _bootTime;

    /// <summary>Live processes known after the last pass.</summary>
    public int Count => _table.Count;

    /// <summary>Runs one pass. The frame and its entries are reused by the next pass.</summary>
    public SampleFrame Sample()
    {
        long stamp = _time.GetTimestamp();
        _pass++;
        var frame = _frame;
        frame.ProcessList.Clear();
        frame.ExitedList.Clear();
        frame.UserList.Clear();
        frame.Vanished = 0;
        frame.Malformed = 0;
        frame.DeepLooks = 0;
        frame.DeepCost = TimeSpan.Zero;
        frame.Pass = _pass;
        frame.Time = _time.GetUtcNow();
        frame.Interval = _pass == 1 ? TimeSpan.Zero : _time.GetElapsedTime(_lastStamp, stamp);
        double bootNow = _uptimeAtStart + _time.GetElapsedTime(_startStamp, stamp).TotalSeconds;
        _deep.BeginPass(_pass, frame.Interval.TotalSeconds, bootNow, _lastBootSeconds);
        foreach (var total in _userTotals.Values)
        {
            total.Reset();
        }
        _seen = 0;

        _proc.ListProcessIds(_pids);
        foreach (int pid in _pids)
        {
            SampleProcess(pid, frame.Interval.TotalSeconds, bootNow);
        }

        if (_seen != _table.Count)
        {
            foreach (var (pid, entry) in _table)
            {
                if (entry.LastPass != _pass)
                {
                    Retire(entry);
                }
            }
        }
        foreach (var (uid, total) in _userTotals)
        {
            if (total.Processes == 0)
            {
                total.Retired = true;
                _userTotals.Remove(uid);
            }
            else
            {
                frame.UserList.Add(total);
            }
        }
        _lastStamp = stamp;
        _lastBootSeconds = bootNow;
        frame.Cost = _time.GetElapsedTime(stamp);
        return frame;
    }

    public void Dispose()
    {
        foreach (var entry in _table.Values)
        {
            entry.Files.Dispose();
        }
        _table.Clear();
        _proc.Dispose();
    }

    private void SampleProcess(int pid, double window, double bootNow)
    {
        var buffer = _buffer.AsSpan();
        if (_table.TryGetValue(pid, out var entry))
        {
            int n = entry.Files.ReadStat(buffer);
            if (n > 0)
            {
                if (!StatParser.TryParse(buffer[..n], out var fields))
                {
                    // The same process with an unreadable line: keep what we know, skip this pass.
                    entry.LastPass = _pass;
                    _seen++;
                    ReportMalformed(pid, n);
                    return;
                }
                if (fields.StartTicks == entry.StartTicks)
                {
                    Update(entry, in fields, buffer[..n], window, bootNow, isNew: false);
                    return;
                }
            }
            // Gone, or the pid now belongs to a younger process: the one we knew has exited.
            Retire(entry);
        }
        Admit(pid, window, bootNow);
    }

    private void Admit(int pid, double window, double bootNow)
    {
        ProcessFiles? files = null;
        try
        {
            files = ProcessFiles.Open(_proc, pid, _options.KeepFilesOpen, out bool limitReached);
            if (limitReached && !_limitWarned)
            {
                _limitWarned = true;
                SamplerLog.FileLimitReached(_log, _table.Count);
            }
            if (files is null)
            {
                _frame.Vanished++;
                return;
            }
            var buffer = _buffer.AsSpan();
            int n = files.ReadStat(buffer);
            if (n <= 0)
            {
                _frame.Vanished++;
                return;
            }
            if (!StatParser.TryParse(buffer[..n], out var fields) || fields.Pid != pid)
            {
                ReportMalformed(pid, n);
                return;
            }
            var entry = new ProcessEntry(pid, fields.StartTicks, files)
            {
                FirstPass = _pass,
                StartTime = _bootTime + TimeSpan.FromSeconds(fields.StartTicks / _hz),
            };
            files = null; // the entry owns them now
            ReadIdentity(entry, in fields, buffer[..n]);
            _table[pid] = entry;
            Update(entry, in fields, buffer[..n], window, bootNow, isNew: true);
        }
        finally
        {
            files?.Dispose();
        }
    }

    private void Update(ProcessEntry e, in StatFields f, ReadOnlySpan<byte> line, double window, double bootNow, bool isNew)
    {
        var changes = isNew ? ProcessChanges.Started : ProcessChanges.None;
        e.LastPass = _pass;
        _seen++;

        var comm = line.Slice(f.CommStart, f.CommLength);
        bool renamed = !isNew && !comm.SequenceEqual(e.CommBytes);
        if (renamed && e.IsKernelThread)
        {
            // Kernel workers rename themselves with the queue they serve: not news.
            e.CommBytes = comm.ToArray();
            e.Comm = ProcText.Decode(comm);
            renamed = false;
        }
        else if (renamed)
        {
            // A new name: prctl(PR_SET_NAME) or an exec; read what an exec would have changed.
            ReadIdentity(e, in f, line);
            changes |= ProcessChanges.Identity;
        }
        if (!isNew && (f.ParentPid != e.ParentPid || f.ProcessGroup != e.ProcessGroup || f.Session != e.Session))
        {
            changes |= ProcessChanges.Lineage;
        }
        e.ParentPid = f.ParentPid;
        e.ProcessGroup = f.ProcessGroup;
        e.Session = f.Session;
        e.TtyNr = f.TtyNr;

        char state = (char)f.State;
        if (!isNew && state != e.State)
        {
            changes |= ProcessChanges.State;
        }
        e.State = state;

        if (!isNew && f.Threads != e.Threads)
        {
            changes |= ProcessChanges.Threads;
        }
        e.Threads = f.Threads;

        long rssKb = Math.Max(0, f.ResidentPages) * _pageKb;
        if (!isNew && rssKb != e.RssKb)
        {
            changes |= ProcessChanges.Memory;
        }
        e.RssKb = rssKb;

        if (!isNew && f.Nice != e.Nice)
        {
            changes |= ProcessChanges.Scheduling;
        }
        e.Nice = f.Nice;
        e.Priority = f.Priority;

        ulong total = f.TotalTicks;
        double cpu = 0;
        ulong delta = 0;
        if (!isNew)
        {
            delta = total >= e.TotalTicks ? total - e.TotalTicks : 0;
            cpu = window > 0 ? delta / _hz / window * 100 : 0;
        }
        else if (_pass > 1)
        {
            // Born since the previous pass: all of its CPU was used within this interval.
            double startSeconds = f.StartTicks / _hz;
            if (startSeconds >= _lastBootSeconds)
            {
                delta = total;
                cpu = delta / _hz / Math.Max(bootNow - startSeconds, 1 / _hz) * 100;
            }
        }
        if (delta > 0)
        {
            changes |= ProcessChanges.Cpu;
        }
        e.UserTicks = f.UserTicks;
        e.SystemTicks = f.SystemTicks;
        e.CpuPercent = cpu;

        // The owner and the executable change rarely (setuid, exec, deletion): looked at for
        // new, young, renamed and busy processes every pass, for the others every
        // IdentityRecheckPasses passes, staggered by pid.
        // Never the deep look at ourselves: what we are is known, and a busy sampler (a burst of
        // new processes, a benchmark) would only spend more on it.
        // At least two clock ticks of CPU as well: over a short interval one tick (10 ms) already
        // reads as a large percentage, and a blip is not worth the deep look's reads.
        bool deep = delta >= MinimumDeepTicks && cpu >= _options.DeepCpuPercent && !e.IsKernelThread && e.Pid != _self;
        bool busy = deep || (delta > 0 && cpu >= _options.DetailCpuPercent && !e.IsKernelThread);
        bool look = isNew || renamed || busy || _pass - e.FirstPass < YoungPasses
            || (_pass + e.Pid) % _options.IdentityRecheckPasses == 0;
        if (look && e.Files.GetOwner(out uint uid) == 0 && (isNew || uid != e.Uid))
        {
            if (!isNew)
            {
                changes |= ProcessChanges.Identity;
            }
            e.Uid = uid;
            e.User = _userNames.Get(uid);
        }
        if (look && !isNew && !renamed && !e.IsKernelThread && CheckExecutable(e))
        {
            changes |= ProcessChanges.Identity;
        }

        e.HasDetail = busy && ReadDetail(e, deep);
        e.HasDeep = e.HasDetail && deep;
        if (e.HasDetail)
        {
            changes |= ProcessChanges.Detail;
        }

        e.Changes = changes;
        _frame.ProcessList.Add(e);
        AddToUser(e);
    }

    /// <summary>Name, executable and command line: read for a new process and after an exec.</summary>
    private void ReadIdentity(ProcessEntry e, in StatFields f, ReadOnlySpan<byte> line)
    {
        var comm = line.Slice(f.CommStart, f.CommLength);
        e.CommBytes = comm.ToArray();
        e.Comm = ProcText.Decode(comm);
        e.IsKernelThread = f.IsKernelThread;
        if (e.IsKernelThread)
        {
            e.Exe = null;
            e.ExeDeleted = false;
            e.CommandLine = "";
            return;
        }
        var text = _textBuffer.AsSpan();
        int n = e.Files.ReadExeLink(text);
        bool exeKnown = e.Files.StatExe(out var exe) == 0;
        e.ExeIdentity = exeKnown ? (exe.Device, exe.Inode) : default;
        e.ExeDeleted = exeKnown && exe.LinkCount == 0;
        if (n > 0)
        {
            var path = text[..n];
            // The kernel appends " (deleted)" to the link of a deleted executable.
            if (path.EndsWith(" (deleted)"u8) && (e.ExeDeleted || !exeKnown))
            {
                path = path[..^" (deleted)"u8.Length];
                e.ExeDeleted = true;
            }
            e.Exe = ProcText.Decode(path);
        }
        else
        {
            e.Exe = null;
        }
        n = e.Files.ReadCommandLine(text[..(_options.CommandLineMaxBytes + 1)]);
        e.CommandLine = n > 0 ? ProcText.DecodeCommandLine(text[..n], _options.CommandLineMaxBytes) : "";
    }

    /// <summary>Notices an exec that kept the name (another inode behind exe) and a deletion of
    /// the executable after start. Returns whether anything changed.</summary>
    private bool CheckExecutable(ProcessEntry e)
    {
        if (e.Files.StatExe(out var exe) != 0)
        {
            return false;
        }
        if ((exe.Device, exe.Inode) != e.ExeIdentity)
        {
            var buffer = _buffer.AsSpan();
            int n = e.Files.ReadStat(buffer);
            if (n > 0 && StatParser.TryParse(buffer[..n], out var fields) && fields.StartTicks == e.StartTicks)
            {
                ReadIdentity(e, in fields, buffer[..n]);
                return true;
            }
            return false;
        }
        if (exe.LinkCount == 0 && !e.ExeDeleted)
        {
            e.ExeDeleted = true;
            return true;
        }
        return false;
    }

    /// <summary>Context switches (summed over the threads: /proc/PID/status counts only the main
    /// thread's, and a miner's main thread sleeps while its workers compute) and I/O counters
    /// (/proc/PID/io already sums the threads); with <paramref name="deep"/>, the deep look too,
    /// which takes each thread's status from this same read.</summary>
    private bool ReadDetail(ProcessEntry e, bool deep)
    {
        long started = deep ? _time.GetTimestamp() : 0;
        var look = deep ? (e.DeepState ??= new DeepLook()) : null;
        var buffer = _buffer.AsSpan();
        ulong voluntary = 0, involuntary = 0;
        using (var threads = e.Files.OpenThreads())
        {
            if (threads.List(_dents, _tids) < 0)
            {
                return false;
            }
            if (look is not null)
            {
                _deep.BeginThreads();
            }
            int read = 0;
            foreach (int tid in _tids)
            {
                if (read == _options.DetailMaxThreads)
                {
                    break;
                }
                int n = threads.ReadStatus(tid, buffer);
                if (n > 0 && StatusFields.TryParse(buffer[..n], out var status))
                {
                    voluntary += status.VoluntarySwitches;
                    involuntary += status.InvoluntarySwitches;
                    read++;
                    if (look is not null)
                    {
                        _deep.AddThread(look, in threads, tid, buffer[..n]);
                    }
                }
            }
            if (read == 0)
            {
                return false;
            }
            if (look is not null)
            {
                _deep.EndThreads(look, _tids.Count);
            }
        }
        e.VoluntarySwitches = voluntary;
        e.InvoluntarySwitches = involuntary;
        int m = e.Files.ReadIo(buffer);
        if (m > 0 && IoFields.TryParse(buffer[..m], out var io))
        {
            e.ReadBytes = io.ReadBytes;
            e.WriteBytes = io.WriteBytes;
            e.ReadChars = io.ReadChars;
            e.WriteChars = io.WriteChars;
        }
        if (look is not null)
        {
            _deep.ReadFilesAndMemory(e.Files, look);
            e.DeepCost = _time.GetElapsedTime(started);
            _frame.DeepLooks++;
            _frame.DeepCost += e.DeepCost;
        }
        return true;
    }

    private void AddToUser(ProcessEntry e)
    {
        var total = e.Total;
        if (total is null || total.Uid != e.Uid || total.Retired)
        {
            if (!_userTotals.TryGetValue(e.Uid, out total))
            {
                total = new UserTotal(e.Uid, e.User);
                _userTotals[e.Uid] = total;
            }
            e.Total = total;
        }
        total.User = e.User;
        total.CpuPercent += e.CpuPercent;
        total.Processes++;
        total.Threads += e.Threads;
        total.RssKb += e.RssKb;
    }

    private void Retire(ProcessEntry entry)
    {
        entry.Files.Dispose();
        _table.Remove(entry.Pid);
        _frame.ExitedList.Add(entry);
    }

    private void ReportMalformed(int pid, int length)
    {
        _frame.Malformed++;
        if (_warnedPids.Count >= MaxWarnedPids)
        {
            _warnedPids.Clear();
        }
        if (_warnedPids.Add(pid))
        {
            SamplerLog.MalformedStat(_log, pid, length);
        }
    }
}
