using System.Buffers.Binary;
using HsGuard.Agent.Native;

namespace HsGuard.Agent.Proc;

/// <summary>Lists the entries of a directory whose names are decimal numbers without a leading
/// zero: the pids of /proc, the thread ids of /proc/PID/task, the descriptors of /proc/PID/fd
/// (the only ones where 0 is a name).</summary>
internal static class NumericEntries
{
    // linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (getdents64(2)).
    private const int ReclenOffset = 16;
    private const int NameOffset = 19;

    /// <summary>Rewinds <paramref name="fd"/> and fills <paramref name="ids"/>. Returns 0 or -errno
    /// when <paramref name="what"/> is null; throws naming it otherwise.</summary>
    public static int List(int fd, byte[] dents, List<int> ids, string? what = null, bool includeZero = false)
    {
        ids.Clear();
        int rc = Posix.Rewind(fd);
        while (rc == 0)
        {
            int n = Posix.GetDirectoryEntries(fd, dents);
            if (n <= 0)
            {
                rc = n;
                break;
            }
            Collect(dents.AsSpan(0, n), ids, includeZero);
        }
        if (rc < 0 && what is not null)
        {
            throw new IOException($"cannot list '{what}': errno {-rc}");
        }
        return rc;
    }

    private static void Collect(ReadOnlySpan<byte> span, List<int> ids, bool includeZero)
    {
        for (int off = 0; off + NameOffset < span.Length;)
        {
            int reclen = BinaryPrimitives.ReadUInt16LittleEndian(span[(off + ReclenOffset)..]);
            if (reclen <= NameOffset || off + reclen > span.Length)
            {
                return;
            }
            var name = span.Slice(off + NameOffset, reclen - NameOffset);
            int nul = name.IndexOf((byte)0);
            if (nul >= 0)
            {
                name = name[..nul];
            }
            if (!name.IsEmpty && name[0] is >= (byte)'1' and <= (byte)'9'
                && ProcDecimal.TryParseInt(name, out int id) && id > 0)
            {
                ids.Add(id);
            }
            else if (includeZero && name.SequenceEqual("0"u8))
            {
                ids.Add(0);
            }
            off += reclen;
        }
    }
}
