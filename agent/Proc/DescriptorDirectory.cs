using HsGuard.Agent.Native;

namespace HsGuard.Agent.Proc;

/// <summary>An open /proc/PID/fd: one link a file descriptor, named by its number, leading to
/// what is open (see <see cref="FdLinkParser"/>). Valid when <see cref="IsOpen"/>; closed on
/// dispose.</summary>
internal readonly struct DescriptorDirectory : IDisposable
{
    private readonly int _fd;

    public DescriptorDirectory(int fd)
    {
        _fd = fd;
    }

    public bool IsOpen => _fd >= 0;

    /// <summary>Fills <paramref name="fds"/> with the open descriptors (0 included), in the
    /// kernel's order, which is ascending. Returns 0 or -errno.</summary>
    public int List(byte[] dents, List<int> fds) => IsOpen ? NumericEntries.List(_fd, dents, fds, includeZero: true) : _fd;

    /// <summary>Reads the link of descriptor <paramref name="fd"/>. Returns its length or -errno.</summary>
    public int ReadLink(int fd, Span<byte> buffer)
    {
        Span<byte> path = stackalloc byte[16];
        fd.TryFormat(path, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        path[n++] = 0;
        return Posix.ReadLinkAt(_fd, path[..n], buffer);
    }

    public void Dispose() => Posix.Close(_fd);
}
