using HsGuard.Agent.Native;

namespace HsGuard.Agent.Proc;

/// <summary>An open /proc/PID/task: the process's threads, each with the files of a process
/// (/proc/PID/task/TID/stat, status). Valid when <see cref="IsOpen"/>; closed on dispose.</summary>
internal readonly struct ThreadDirectory : IDisposable
{
    private readonly int _fd;

    public ThreadDirectory(int fd)
    {
        _fd = fd;
    }

    public bool IsOpen => _fd >= 0;

    /// <summary>Fills <paramref name="tids"/> with the thread ids. Returns 0 or -errno.</summary>
    public int List(byte[] dents, List<int> tids) => IsOpen ? NumericEntries.List(_fd, dents, tids) : _fd;

    /// <summary>Reads /proc/PID/task/TID/status. Returns the byte count or -errno.</summary>
    public int ReadStatus(int tid, Span<byte> buffer) => Read(tid, "/status\0"u8, buffer);

    /// <summary>Reads /proc/PID/task/TID/stat: the thread's own CPU ticks and nice value.</summary>
    public int ReadStat(int tid, Span<byte> buffer) => Read(tid, "/stat\0"u8, buffer);

    public void Dispose() => Posix.Close(_fd);

    private int Read(int tid, ReadOnlySpan<byte> file, Span<byte> buffer)
    {
        Span<byte> path = stackalloc byte[24];
        tid.TryFormat(path, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        file.CopyTo(path[n..]);
        return Posix.ReadFile(_fd, path[..(n + file.Length)], buffer);
    }
}
