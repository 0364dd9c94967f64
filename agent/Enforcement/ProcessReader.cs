using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Reads what the enforcer needs of processes from /proc (at a root, /proc by default): a fresh
/// listing of every process with its parent, start time and owner, and one process's identity
/// files. Nothing is kept open and nothing cached: every command and every tick looks afresh, so
/// that a decision is never taken on what a process was a second ago. Not thread-safe.
/// </summary>
internal sealed class ProcessReader : IDisposable
{
    private readonly ProcDirectory _proc;
    private readonly byte[] _buffer = new byte[4096];   // PATH_MAX, and a stat line with room to spare
    private readonly List<int> _pids = new(1024);

    public ProcessReader(string procRoot)
    {
        _proc = new ProcDirectory(procRoot);
    }

    public ProcDirectory Proc => _proc;

    /// <summary>Opens the files of a process, by path (nothing held between calls).</summary>
    public ProcessFiles Open(int pid) => ProcessFiles.Open(_proc, pid, keep: false, out _)!;

    /// <summary>Reads stat and owner of <paramref name="pid"/>. False when it is gone (or its stat
    /// is not one).</summary>
    public bool TryRead(int pid, out ProcessFacts facts)
    {
        using var files = Open(pid);
        return TryRead(files, pid, out facts);
    }

    /// <summary>What has become of the process (pid, start time) names.</summary>
    public TargetState Check(int pid, ulong startTicks, out ProcessFacts facts)
    {
        if (!TryRead(pid, out facts) || facts.IsDead && facts.StartTicks == startTicks)
        {
            return TargetState.Gone;
        }
        return facts.StartTicks == startTicks ? TargetState.Alive : TargetState.Reused;
    }

    /// <summary>Every process now, in /proc's order (ascending pids, mostly).</summary>
    public List<ProcessFacts> ListAll()
    {
        _proc.ListProcessIds(_pids);
        var all = new List<ProcessFacts>(_pids.Count);
        foreach (int pid in _pids)
        {
            if (TryRead(pid, out var facts))
            {
                all.Add(facts);
            }
        }
        return all;
    }

    /// <summary>The four uids of the status file's "Uid:" line (real, effective, saved, file
    /// system), or null when the process is gone.</summary>
    public uint[]? ReadUids(int pid)
    {
        int n = ReadFile(pid, "status"u8, _buffer);
        if (n <= 0 || !KeyValueParser.TryGetText(_buffer.AsSpan(0, n), "Uid:"u8, out var line))
        {
            return null;
        }
        var uids = new uint[4];
        int i = 0;
        foreach (var range in line.SplitAny(" \t"u8))
        {
            if (!line[range].IsEmpty && i < 4 && ProcDecimal.TryParseUInt(line[range], out uint uid))
            {
                uids[i++] = uid;
            }
        }
        return i == 4 ? uids : null;
    }

    /// <summary>The executable through /proc/PID/exe: its path (without the " (deleted)" the
    /// kernel appends), whether it was deleted, and its size; a null path when unknown (a kernel
    /// thread, a process gone).</summary>
    public ExecutableLink ReadExe(int pid)
    {
        using var files = Open(pid);
        int n = files.ReadExeLink(_buffer);
        if (n <= 0)
        {
            return default;
        }
        bool statted = files.StatExe(out var identity) == 0;
        var path = _buffer.AsSpan(0, n);
        bool deleted = statted && identity.LinkCount == 0;
        if (path.EndsWith(" (deleted)"u8) && (deleted || !statted))
        {
            path = path[..^" (deleted)"u8.Length];
            deleted = true;
        }
        return new ExecutableLink(ProcText.Decode(path), deleted, statted ? identity.Device : 0, statted ? identity.Inode : 0);
    }

    /// <summary>The command line, arguments joined by spaces, cut at <paramref name="maxBytes"/>.</summary>
    public string ReadCommandLine(int pid, int maxBytes)
    {
        using var files = Open(pid);
        byte[] buffer = maxBytes + 1 <= _buffer.Length ? _buffer : new byte[maxBytes + 1];
        int n = files.ReadCommandLine(buffer.AsSpan(0, maxBytes + 1));
        return n > 0 ? ProcText.DecodeCommandLine(buffer.AsSpan(0, n), maxBytes) : "";
    }

    /// <summary>Reads /proc/PID/<paramref name="name"/> from its start into
    /// <paramref name="buffer"/>, up to its end or the buffer's size. Returns the byte count or
    /// -errno.</summary>
    public int ReadFile(int pid, ReadOnlySpan<byte> name, Span<byte> buffer)
    {
        using var files = Open(pid);
        using var file = files.OpenSequential(name);
        return ReadToEnd(file, buffer);
    }

    /// <summary>Reads all of /proc/PID/<paramref name="name"/> however long, up to
    /// <paramref name="maxBytes"/> (<paramref name="cut"/> says there was more). Returns the byte
    /// count in <paramref name="data"/>, or -errno.</summary>
    public int ReadAll(int pid, ReadOnlySpan<byte> name, int maxBytes, out byte[] data, out bool cut)
    {
        using var files = Open(pid);
        using var file = files.OpenSequential(name);
        data = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        int total = 0;
        cut = false;
        while (true)
        {
            int n = ReadToEnd(file, data.AsSpan(total));
            if (n < 0)
            {
                return total > 0 ? total : n;
            }
            total += n;
            if (total < data.Length)
            {
                return total;
            }
            if (data.Length > maxBytes)
            {
                cut = true;
                return maxBytes;
            }
            Array.Resize(ref data, (int)Math.Min(data.Length * 2L, maxBytes + 1L));
        }
    }

    /// <summary>Reads an opened /proc file from where it stands until its end or until
    /// <paramref name="buffer"/> is full. Returns the byte count or -errno.</summary>
    public static int ReadToEnd(SequentialFile file, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = file.Read(buffer[total..]);
            if (n < 0)
            {
                return total > 0 ? total : n;
            }
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }

    public void Dispose() => _proc.Dispose();

    private bool TryRead(ProcessFiles files, int pid, out ProcessFacts facts)
    {
        facts = default;
        int n = files.ReadStat(_buffer);
        if (n <= 0 || !StatParser.TryParse(_buffer.AsSpan(0, n), out var f) || f.Pid != pid)
        {
            return false;
        }
        string comm = ProcText.Decode(_buffer.AsSpan(f.CommStart, f.CommLength));
        // The owner after the stat: a pid reused in between shows another start time next time.
        if (files.GetOwner(out uint uid) != 0)
        {
            return false;
        }
        facts = new ProcessFacts(pid, f.StartTicks, f.ParentPid, (char)f.State, f.IsKernelThread, comm, uid);
        return true;
    }
}
