namespace HsGuard.Agent.Proc;

/// <summary>
/// What a /proc/PID/fd/N link says about the open file (proc_pid_fd(5)): a path, or for files
/// without one "type:[inode]" ("socket:[12345]", "pipe:[678]") or "anon_inode:[eventfd]".
/// A path may hold any byte but NUL, so only exact forms are recognised.
/// </summary>
public static class FdLinkParser
{
    /// <summary>"socket:[N]": a socket, whose inode the tables of /proc/net name.</summary>
    public static bool TryGetSocketInode(ReadOnlySpan<byte> link, out ulong inode)
    {
        if (link.StartsWith("socket:["u8) && link.EndsWith("]"u8)
            && ProcDecimal.TryParseULong(link["socket:[".Length..^1], out inode) && inode != 0)
        {
            return true;
        }
        inode = 0;
        return false;
    }

    /// <summary>"/dev/cpu/N/msr": the model-specific registers of CPU N (msr(4)), which RandomX
    /// miners write to tune the cache prefetchers.</summary>
    public static bool IsMsrDevice(ReadOnlySpan<byte> link) =>
        link.StartsWith("/dev/cpu/"u8) && link.EndsWith("/msr"u8)
        && link.Length > "/dev/cpu//msr".Length
        && ProcDecimal.TryParseUInt(link["/dev/cpu/".Length..^"/msr".Length], out _);
}
