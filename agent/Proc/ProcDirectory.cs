using System.Text;
using HsGuard.Agent.Native;

namespace HsGuard.Agent.Proc;

/// <summary>
/// The proc filesystem at a root (/proc by default; a fixture tree in tests, as prometheus/procfs
/// NewFS(mountPoint)). Lists process ids and reads the few system-wide files the sampler needs.
/// </summary>
public sealed class ProcDirectory : IDisposable
{
    private readonly byte[] _dents = new byte[64 * 1024];
    private int _fd;

    public ProcDirectory(string root)
    {
        Root = root;
        _fd = Posix.OpenDirectory(Posix.CurrentDirectory, Terminated(root), pathOnly: false);
        if (_fd < 0)
        {
            throw new IOException($"cannot open the proc filesystem at '{root}': errno {-_fd}");
        }
    }

    public string Root { get; }

    /// <summary>The directory's descriptor, the anchor of every per-process path.</summary>
    internal int Fd => _fd;

    /// <summary>Fills <paramref name="pids"/> with the numeric entries of the root, in directory
    /// order. Allocates nothing once the list has grown to the host's process count.</summary>
    public void ListProcessIds(List<int> pids) => NumericEntries.List(_fd, _dents, pids, Root);

    /// <summary>Seconds since boot, from the first field of /proc/uptime.</summary>
    public bool TryReadUptime(out double seconds)
    {
        seconds = 0;
        Span<byte> buffer = stackalloc byte[128];
        int n = Posix.ReadFile(_fd, "uptime\0"u8, buffer);
        if (n <= 0)
        {
            return false;
        }
        var text = buffer[..n];
        int space = text.IndexOf((byte)' ');
        return space > 0 && double.TryParse(text[..space], System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out seconds);
    }

    /// <summary>The boot time as Unix seconds, the "btime" line of /proc/stat (proc_stat(5)).</summary>
    public bool TryReadBootTime(out long unixSeconds)
    {
        unixSeconds = 0;
        byte[] buffer = new byte[256 * 1024];
        int n = Posix.ReadFile(_fd, "stat\0"u8, buffer);
        if (n <= 0)
        {
            return false;
        }
        if (KeyValueParser.TryGetULong(buffer.AsSpan(0, n), "btime"u8, out ulong btime) && btime <= long.MaxValue)
        {
            unixSeconds = (long)btime;
            return true;
        }
        return false;
    }

    /// <summary>The kernel's random boot id (/proc/sys/kernel/random/boot_id), or null.</summary>
    public string? ReadBootId()
    {
        Span<byte> buffer = stackalloc byte[64];
        int n = Posix.ReadFile(_fd, "sys/kernel/random/boot_id\0"u8, buffer);
        return n > 0 ? Encoding.ASCII.GetString(buffer[..n]).Trim() : null;
    }

    public void Dispose()
    {
        Posix.Close(_fd);
        _fd = -1;
    }

    internal static byte[] Terminated(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
