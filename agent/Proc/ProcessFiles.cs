using HsGuard.Agent.Native;

namespace HsGuard.Agent.Proc;

/// <summary>
/// The files of one process, /proc/PID/*. When descriptors may be kept, the process's directory
/// is held open (O_PATH) and its stat file stays open, so that a steady-state pass costs one
/// pread and one fstat (about half an open/read/close). A kept descriptor belongs to the process
/// it was opened for: once that process has exited, reads fail (ESRCH) even if its pid is reused,
/// so a kept file can never describe another process.
/// Without kept descriptors (the open-file limit was reached) every read goes through a path
/// relative to the proc root.
/// Every read returns a byte count or -errno; a vanished process is a normal negative result.
/// </summary>
internal sealed class ProcessFiles : IDisposable
{
    private readonly int _rootFd;
    private readonly int _pid;
    private int _dirFd = -1;
    private int _statFd = -1;
    private int _ioFd = -1;

    private ProcessFiles(int rootFd, int pid)
    {
        _rootFd = rootFd;
        _pid = pid;
    }

    /// <summary>Whether this process's descriptors stay open between passes.</summary>
    public bool Kept => _dirFd >= 0;

    /// <summary>Opens the files of <paramref name="pid"/>. With <paramref name="keep"/> it holds
    /// the directory and stat file open; when the open-file limit is reached it falls back to
    /// paths (reported through <paramref name="limitReached"/>). Returns null when the process is
    /// gone.</summary>
    public static ProcessFiles? Open(ProcDirectory proc, int pid, bool keep, out bool limitReached)
    {
        limitReached = false;
        var files = new ProcessFiles(proc.Fd, pid);
        if (!keep)
        {
            return files;
        }
        Span<byte> path = stackalloc byte[16];
        int dir = Posix.OpenDirectory(proc.Fd, PidPath(pid, path), pathOnly: true);
        if (dir < 0)
        {
            limitReached = IsLimit(dir);
            return limitReached ? files : null;
        }
        int stat = Posix.OpenRead(dir, "stat\0"u8);
        if (stat < 0)
        {
            Posix.Close(dir);
            limitReached = IsLimit(stat);
            return limitReached ? files : null;
        }
        files._dirFd = dir;
        files._statFd = stat;
        return files;
    }

    public int ReadStat(Span<byte> buffer) =>
        _statFd >= 0 ? Posix.ReadFromStart(_statFd, buffer) : ReadWhole("stat"u8, buffer);

    /// <summary>io is read only for busy processes; its descriptor is opened on first use and
    /// then kept like stat's.</summary>
    public int ReadIo(Span<byte> buffer) => ReadKept(ref _ioFd, "io"u8, buffer);

    /// <summary>Opens /proc/PID/task, to read each thread's files (costly: busy processes only).</summary>
    public ThreadDirectory OpenThreads()
    {
        Span<byte> path = stackalloc byte[32];
        return new ThreadDirectory(Posix.OpenDirectory(Anchor, RelativePath("task"u8, path), pathOnly: false));
    }

    /// <summary>Opens /proc/PID/fd, to read where each descriptor leads (busy processes only).</summary>
    public DescriptorDirectory OpenDescriptors()
    {
        Span<byte> path = stackalloc byte[32];
        return new DescriptorDirectory(Posix.OpenDirectory(Anchor, RelativePath("fd"u8, path), pathOnly: false));
    }

    /// <summary>Opens a file of the process to be read in chunks (/proc/PID/net/tcp lists every
    /// socket of the process's network namespace and can be large).</summary>
    public SequentialFile OpenSequential(ReadOnlySpan<byte> name)
    {
        Span<byte> path = stackalloc byte[32];
        return new SequentialFile(Posix.OpenRead(Anchor, RelativePath(name, path)));
    }

    /// <summary>The inode of the process's network namespace (/proc/PID/ns/net leads to it):
    /// processes that show it share one set of sockets.</summary>
    public int GetNetNamespace(out ulong inode)
    {
        Span<byte> path = stackalloc byte[32];
        int rc = Posix.StatAt(Anchor, RelativePath("ns/net"u8, path), out var id);
        inode = id.Inode;
        return rc;
    }

    public int ReadSmapsRollup(Span<byte> buffer) => ReadWhole("smaps_rollup"u8, buffer);

    public int ReadCommandLine(Span<byte> buffer) => ReadWhole("cmdline"u8, buffer);

    public int ReadExeLink(Span<byte> buffer)
    {
        Span<byte> path = stackalloc byte[32];
        return Posix.ReadLinkAt(Anchor, RelativePath("exe"u8, path), buffer);
    }

    /// <summary>The executable's identity through the exe link, valid after the file was deleted
    /// (its link count is then 0).</summary>
    public int StatExe(out FileIdentity identity)
    {
        Span<byte> path = stackalloc byte[32];
        return Posix.StatAt(Anchor, RelativePath("exe"u8, path), out identity);
    }

    /// <summary>The effective uid of the process: the owner of its /proc/PID directory.</summary>
    public int GetOwner(out uint uid)
    {
        if (_dirFd >= 0)
        {
            return Posix.GetOwner(_dirFd, out uid);
        }
        Span<byte> path = stackalloc byte[16];
        int rc = Posix.StatAt(_rootFd, PidPath(_pid, path), out var id);
        uid = id.Owner;
        return rc;
    }

    public void Dispose()
    {
        Posix.Close(_statFd);
        Posix.Close(_ioFd);
        Posix.Close(_dirFd);
        _statFd = _ioFd = _dirFd = -1;
    }

    private int Anchor => _dirFd >= 0 ? _dirFd : _rootFd;

    private int ReadKept(ref int fd, ReadOnlySpan<byte> name, Span<byte> buffer)
    {
        if (fd < 0 && _dirFd >= 0)
        {
            Span<byte> path = stackalloc byte[32];
            int opened = Posix.OpenRead(_dirFd, RelativePath(name, path));
            if (opened < 0 && !IsLimit(opened))
            {
                return opened;
            }
            fd = opened;
        }
        return fd >= 0 ? Posix.ReadFromStart(fd, buffer) : ReadWhole(name, buffer);
    }

    private int ReadWhole(ReadOnlySpan<byte> name, Span<byte> buffer)
    {
        Span<byte> path = stackalloc byte[32];
        return Posix.ReadFile(Anchor, RelativePath(name, path), buffer);
    }

    /// <summary>"name\0" under a kept directory, "PID/name\0" under the root otherwise.</summary>
    private ReadOnlySpan<byte> RelativePath(ReadOnlySpan<byte> name, Span<byte> buffer)
    {
        int n = 0;
        if (_dirFd < 0)
        {
            _pid.TryFormat(buffer, out n, default, System.Globalization.CultureInfo.InvariantCulture);
            buffer[n++] = (byte)'/';
        }
        name.CopyTo(buffer[n..]);
        n += name.Length;
        buffer[n++] = 0;
        return buffer[..n];
    }

    private static ReadOnlySpan<byte> PidPath(int pid, Span<byte> buffer)
    {
        pid.TryFormat(buffer, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        buffer[n++] = 0;
        return buffer[..n];
    }

    private static bool IsLimit(int rc) => rc == -Posix.EMFILE || rc == -Posix.ENFILE;
}
