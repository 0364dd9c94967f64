using System.Runtime.InteropServices;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Sampling;

/// <summary>
/// What the deep look found in a busy process (at or above <see cref="SamplerOptions.DeepCpuPercent"/>):
/// its threads, open files and connections, and huge pages, the marks of a memory-hard hashing
/// engine and of a process that detached itself. Kept by its <see cref="ProcessEntry"/> and
/// updated in place, like the entry; valid in the passes in which <see cref="ProcessEntry.HasDeep"/>.
/// The threads are looked at every pass; descriptors, connections and memory are as read at most
/// <see cref="SamplerOptions.DeepRefreshPasses"/> passes ago. A part the process did not let us
/// read (it exited meanwhile) reads as zero or empty.
/// </summary>
public sealed class DeepLook
{
    private readonly byte[][] _streamBytes = [[], [], []];
    private readonly string[] _streams = ["", "", ""];

    /// <summary>Threads of the process (all of them; the figures below cover the first
    /// <see cref="SamplerOptions.DetailMaxThreads"/>).</summary>
    public int ThreadCount { get; internal set; }

    /// <summary>Threads that used at least 80 % of a core since the previous pass. A thread's CPU
    /// is known from its second deep look in a row, or from its start when it started since the
    /// previous pass.</summary>
    public int BusyThreads { get; internal set; }

    /// <summary>Highest and lowest CPU of a busy thread, percent of one core (0 without one).</summary>
    public double BusyCpuMax { get; internal set; }

    public double BusyCpuMin { get; internal set; }

    /// <summary>Threads allowed on exactly one CPU, and how many distinct CPUs those are: a miner
    /// pins one worker per core.</summary>
    public int PinnedThreads { get; internal set; }

    public int PinnedCpus { get; internal set; }

    /// <summary>Distinct nice values among the threads, and their range.</summary>
    public int DistinctNice { get; internal set; }

    public int NiceMin { get; internal set; }

    public int NiceMax { get; internal set; }

    /// <summary>Open file descriptors.</summary>
    public int OpenFiles { get; internal set; }

    /// <summary>Where descriptors 0, 1 and 2 lead ("/dev/null", "pipe:[123]", a path); empty when
    /// closed.</summary>
    public string Stdin => _streams[0];

    public string Stdout => _streams[1];

    public string Stderr => _streams[2];

    /// <summary>A descriptor open on /dev/cpu/N/msr.</summary>
    public bool MsrOpen { get; internal set; }

    /// <summary>TCP connections of the process that have a remote end, in descriptor order, at
    /// most <see cref="SamplerOptions.DeepMaxConnections"/>.</summary>
    public ReadOnlySpan<TcpSocket> Connections => CollectionsMarshal.AsSpan(ConnectionList);

    /// <summary>Transparent huge pages in the process's memory (AnonHugePages), kB.</summary>
    public ulong AnonHugePagesKb { get; internal set; }

    /// <summary>hugetlbfs pages mapped by the process (Shared_Hugetlb + Private_Hugetlb), kB.</summary>
    public ulong HugetlbPagesKb { get; internal set; }

    internal List<TcpSocket> ConnectionList { get; } = [];

    /// <summary>The pass that last read the descriptors, connections and memory (0: none yet).</summary>
    internal long FilesPass { get; set; }

    /// <summary>Each thread's CPU ticks at its last deep look, to take deltas; pruned of threads
    /// that are gone, so that it stays the size of the thread table.</summary>
    internal Dictionary<int, ThreadTicks> PreviousTicks { get; } = [];

    /// <summary>Sets where standard stream <paramref name="fd"/> leads; the text is made anew only
    /// when the link changed.</summary>
    internal void SetStream(int fd, ReadOnlySpan<byte> target)
    {
        if (!target.SequenceEqual(_streamBytes[fd]))
        {
            _streamBytes[fd] = target.ToArray();
            _streams[fd] = ProcText.Decode(target);
        }
    }
}
