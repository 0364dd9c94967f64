using System.Numerics;
using System.Runtime.InteropServices;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Sampling;

/// <summary>
/// The deep look at a busy process: per-thread CPU, affinity and nice (task/TID/stat, and the
/// task/TID/status that the detail read has already read) every pass; where its descriptors lead
/// (fd/), its TCP connections (net/tcp and tcp6 of its namespace, matched by socket inode) and its
/// huge pages (smaps_rollup) every <see cref="SamplerOptions.DeepRefreshPasses"/> passes. These
/// reads are costly (measured here: 10 µs a thread; 3 to 4 µs a descriptor link; smaps_rollup
/// 17 µs for a small process and 2 to 15 ms for a .NET process that maps a few GiB), so the
/// sampler asks for them only for processes at or above <see cref="SamplerOptions.DeepCpuPercent"/>.
/// Nothing is kept open between passes; buffers and tables are reused, so a steady deep look
/// allocates nothing. A part that cannot be read (the process exited meanwhile) is left empty,
/// without a word.
/// Owned by one <see cref="ProcessSampler"/>, not thread-safe.
/// </summary>
internal sealed class DeepSampler
{
    /// <summary>A thread that used this much of a core over the interval is busy.</summary>
    public const double BusyThreadPercent = 80;

    private readonly SamplerOptions _options;
    private readonly double _hz;
    private readonly TcpTables _tcp = new();
    private readonly byte[] _stat = new byte[1024];
    private readonly byte[] _link = new byte[4096];     // PATH_MAX
    private readonly byte[] _rollup = new byte[4096];
    private readonly byte[] _dents = new byte[16 * 1024];
    private readonly List<int> _fds = new(64);
    private readonly List<ulong> _sockets = new(16);
    private readonly HashSet<ulong> _socketSet = [];
    private readonly HashSet<int> _pinnedCpus = [];
    private long _pass;
    private double _window;
    private double _bootNow;
    private double _lastBootSeconds;
    private ThreadTally _tally;

    public DeepSampler(SamplerOptions options, double hz)
    {
        _options = options;
        _hz = hz;
    }

    /// <summary>Called at the start of every pass: the interval (seconds) that thread CPU is
    /// measured over, and the time since boot now and at the previous pass.</summary>
    public void BeginPass(long pass, double window, double bootNow, double lastBootSeconds)
    {
        _pass = pass;
        _window = window;
        _bootNow = bootNow;
        _lastBootSeconds = lastBootSeconds;
        _tcp.BeginPass(pass);
    }

    public void BeginThreads()
    {
        _tally = default;
        _pinnedCpus.Clear();
    }

    /// <summary>Adds one thread, given its task/TID/status as the detail read read it.</summary>
    public void AddThread(DeepLook look, in ThreadDirectory threads, int tid, ReadOnlySpan<byte> status)
    {
        int n = threads.ReadStat(tid, _stat);
        if (n <= 0 || !StatParser.TryParse(_stat.AsSpan(0, n), out var f))
        {
            return;   // the thread ended since the listing (or its stat is not one)
        }
        ulong ticks = f.TotalTicks;
        ref var previous = ref CollectionsMarshal.GetValueRefOrAddDefault(look.PreviousTicks, tid, out bool known);
        double cpu = double.NaN;
        if (known && previous.Pass == _pass - 1 && previous.StartTicks == f.StartTicks && _window > 0)
        {
            cpu = (ticks >= previous.Ticks ? ticks - previous.Ticks : 0) / _hz / _window * 100;
        }
        else if (_pass > 1 && f.StartTicks / _hz >= _lastBootSeconds)
        {
            // Started since the previous pass: all its CPU was used within this interval.
            cpu = ticks / _hz / Math.Max(_bootNow - f.StartTicks / _hz, 1 / _hz) * 100;
        }
        previous = new ThreadTicks(ticks, f.StartTicks, _pass);

        int count = 0, first = -1;
        bool pinned = KeyValueParser.TryGetText(status, "Cpus_allowed_list:"u8, out var list)
            && CpuListParser.TryParse(list, out count, out first) && count == 1;
        if (pinned)
        {
            _pinnedCpus.Add(first);
        }
        _tally.Add(cpu, pinned, (int)Math.Clamp(f.Nice, -20, 19));
    }

    /// <summary>Writes the thread summary; <paramref name="count"/> is the number of threads
    /// listed. Forgets the ticks of threads that were not read in this pass.</summary>
    public void EndThreads(DeepLook look, int count)
    {
        var t = _tally;
        look.ThreadCount = count;
        look.BusyThreads = t.Busy;
        look.BusyCpuMax = t.Busy > 0 ? t.BusyMax : 0;
        look.BusyCpuMin = t.Busy > 0 ? t.BusyMin : 0;
        look.PinnedThreads = t.Pinned;
        look.PinnedCpus = _pinnedCpus.Count;
        look.DistinctNice = BitOperations.PopCount(t.NiceMask);
        look.NiceMin = t.Read > 0 ? t.NiceMin : 0;
        look.NiceMax = t.Read > 0 ? t.NiceMax : 0;
        if (look.PreviousTicks.Count > t.Read)
        {
            foreach (var (tid, ticks) in look.PreviousTicks)
            {
                if (ticks.Pass != _pass)
                {
                    look.PreviousTicks.Remove(tid);
                }
            }
        }
    }

    /// <summary>Descriptors, connections and memory, unless read less than
    /// <see cref="SamplerOptions.DeepRefreshPasses"/> passes ago.</summary>
    public void ReadFilesAndMemory(ProcessFiles files, DeepLook look)
    {
        if (look.FilesPass != 0 && _pass - look.FilesPass < _options.DeepRefreshPasses)
        {
            return;
        }
        look.FilesPass = _pass;
        ReadDescriptors(files, look);
        look.ConnectionList.Clear();
        if (_sockets.Count > 0)
        {
            ReadConnections(files, look);
        }
        int n = files.ReadSmapsRollup(_rollup);
        SmapsRollupFields memory = default;
        if (n > 0)
        {
            SmapsRollupFields.TryParse(_rollup.AsSpan(0, n), out memory);
        }
        look.AnonHugePagesKb = memory.AnonHugePagesKb;
        look.HugetlbPagesKb = memory.HugetlbKb;
    }

    private void ReadDescriptors(ProcessFiles files, DeepLook look)
    {
        _sockets.Clear();
        _socketSet.Clear();
        look.OpenFiles = 0;
        look.MsrOpen = false;
        int streams = 0;
        using (var fds = files.OpenDescriptors())
        {
            if (fds.List(_dents, _fds) == 0)
            {
                // The kernel lists them in ascending order; sorted all the same, so that the
                // DeepMaxFiles read are always the lowest, whatever lists them.
                _fds.Sort();
                look.OpenFiles = _fds.Count;
                int read = 0;
                foreach (int fd in _fds)
                {
                    if (read++ == _options.DeepMaxFiles)
                    {
                        break;
                    }
                    int n = fds.ReadLink(fd, _link);
                    if (n <= 0)
                    {
                        continue;   // closed since the listing, or the process is gone
                    }
                    var link = _link.AsSpan(0, n);
                    if (fd <= 2)
                    {
                        look.SetStream(fd, link);
                        streams |= 1 << fd;
                    }
                    if (FdLinkParser.TryGetSocketInode(link, out ulong inode))
                    {
                        if (_socketSet.Add(inode))
                        {
                            _sockets.Add(inode);
                        }
                    }
                    else if (FdLinkParser.IsMsrDevice(link))
                    {
                        look.MsrOpen = true;
                    }
                }
            }
        }
        for (int fd = 0; fd <= 2; fd++)
        {
            if ((streams & (1 << fd)) == 0)
            {
                look.SetStream(fd, default);
            }
        }
    }

    private void ReadConnections(ProcessFiles files, DeepLook look)
    {
        if (files.GetNetNamespace(out ulong ns) == 0)
        {
            _tcp.Find(files, ns, _sockets, look.ConnectionList, _options.DeepMaxConnections);
        }
    }

    /// <summary>The thread figures of one deep look, summed as the threads are read.</summary>
    private struct ThreadTally
    {
        public int Read;
        public int Busy;
        public double BusyMax;
        public double BusyMin;
        public int Pinned;
        public ulong NiceMask;      // bit nice + 20, for nice -20 to 19
        public int NiceMin;
        public int NiceMax;

        public void Add(double cpu, bool pinned, int nice)
        {
            if (cpu >= BusyThreadPercent)
            {
                BusyMax = Busy == 0 ? cpu : Math.Max(BusyMax, cpu);
                BusyMin = Busy == 0 ? cpu : Math.Min(BusyMin, cpu);
                Busy++;
            }
            if (pinned)
            {
                Pinned++;
            }
            NiceMask |= 1ul << (nice + 20);
            NiceMin = Read == 0 ? nice : Math.Min(NiceMin, nice);
            NiceMax = Read == 0 ? nice : Math.Max(NiceMax, nice);
            Read++;
        }
    }
}
