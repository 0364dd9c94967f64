using HsGuard.Agent.Proc;
using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Sums up /proc/PID/maps (proc_pid_maps(5)): one mapping a line,
/// <code>
/// address           perms offset  dev   inode       pathname
/// 00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon
/// </code>
/// fields separated by single spaces up to the inode, then padding and the path, which may hold
/// spaces (and ends in " (deleted)" for a deleted file), or a pseudo-path ("[heap]", "[stack]"),
/// or nothing (anonymous memory). A line that does not have this form is skipped.
/// </summary>
internal static class MemoryMapParser
{
    /// <summary>Adds the mappings of <paramref name="text"/> to <paramref name="summary"/>: regions,
    /// their size, those both writable and executable, and each mapped file once (at most
    /// <paramref name="maxFiles"/>).</summary>
    public static void Parse(ReadOnlySpan<byte> text, MemorySummary summary, int maxFiles)
    {
        var files = new HashSet<string>(summary.Files, StringComparer.Ordinal);
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            if (!TryParseLine(line, out ulong bytes, out bool writableExecutable, out var path))
            {
                continue;
            }
            summary.Regions++;
            summary.SizeKb += bytes / 1024;
            if (writableExecutable)
            {
                summary.WritableExecutableRegions++;
            }
            if (!path.IsEmpty && path[0] == (byte)'/' && files.Count < maxFiles && files.Add(ProcText.Decode(path)))
            {
                summary.Files.Add(ProcText.Decode(path));
            }
        }
    }

    public static bool TryParseLine(ReadOnlySpan<byte> line, out ulong bytes, out bool writableExecutable, out ReadOnlySpan<byte> path)
    {
        bytes = 0;
        writableExecutable = false;
        path = default;
        int dash = line.IndexOf((byte)'-');
        int space = line.IndexOf((byte)' ');
        if (dash <= 0 || space <= dash || !TryParseHex(line[..dash], out ulong start)
            || !TryParseHex(line[(dash + 1)..space], out ulong end) || end < start)
        {
            return false;
        }
        var rest = line[(space + 1)..];
        if (rest.Length < 5 || rest[4] != (byte)' ')
        {
            return false;   // perms: four letters, "rwxp"
        }
        writableExecutable = rest[1] == (byte)'w' && rest[2] == (byte)'x';
        rest = rest[5..];
        // offset, dev, inode: three fields, one space after each
        for (int field = 0; field < 3; field++)
        {
            int next = rest.IndexOf((byte)' ');
            if (next <= 0)
            {
                if (field == 2 && !rest.IsEmpty)
                {
                    rest = default;   // no path: the line ends after the inode
                    break;
                }
                return false;
            }
            rest = rest[(next + 1)..];
        }
        bytes = end - start;
        path = rest.TrimStart((byte)' ');
        return true;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> text, out ulong value) =>
        ulong.TryParse(text, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out value)
        && text.Length <= 16;
}
