using HsGuard.Agent.Native;

namespace HsGuard.Agent.Proc;

/// <summary>An open file read from start to end in chunks; closed on dispose. A failed open is
/// kept as its -errno, which every read then returns.</summary>
internal readonly struct SequentialFile : IDisposable
{
    private readonly int _fd;

    public SequentialFile(int fd)
    {
        _fd = fd;
    }

    /// <summary>Reads the next chunk. Returns the byte count, 0 at the end, or -errno.</summary>
    public int Read(Span<byte> buffer) => _fd >= 0 ? Posix.Read(_fd, buffer) : _fd;

    public void Dispose() => Posix.Close(_fd);
}
