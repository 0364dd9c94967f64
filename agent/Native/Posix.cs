using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace HsGuard.Agent.Native;

/// <summary>
/// The one place that calls libc. Everything here takes and returns .NET types; failures come back
/// as a negative errno (the kernel's convention) so that callers can tell "gone" from "refused"
/// without exceptions on the sampling path. Paths are NUL-terminated UTF-8 spans relative to a
/// directory descriptor, so that no string is built per process.
/// </summary>
internal static unsafe partial class Posix
{
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EACCES = 13;
    public const int EMFILE = 24;
    public const int ENFILE = 23;
    public const int EPERM = 1;

    /// <summary>AT_FDCWD: paths relative to the working directory (or absolute).</summary>
    public const int CurrentDirectory = -100;

    /// <summary>Opens a directory, for listing (<paramref name="pathOnly"/> false) or as an
    /// O_PATH anchor for *at() calls and fstat (true). Returns the fd or -errno.</summary>
    public static int OpenDirectory(int dirFd, ReadOnlySpan<byte> path, bool pathOnly)
    {
        int flags = O_DIRECTORY | O_CLOEXEC | (pathOnly ? O_PATH : O_RDONLY);
        fixed (byte* p = path)
        {
            int fd = openat(dirFd, p, flags, 0);
            return fd >= 0 ? fd : -errno;
        }
    }

    /// <summary>Opens a file read-only. Returns the fd or -errno.</summary>
    public static int OpenRead(int dirFd, ReadOnlySpan<byte> path)
    {
        fixed (byte* p = path)
        {
            int fd = openat(dirFd, p, O_RDONLY | O_CLOEXEC, 0);
            return fd >= 0 ? fd : -errno;
        }
    }

    /// <summary>Reads from offset 0 of an open file. Returns the byte count or -errno. A /proc
    /// file of a process that has exited answers ESRCH (or 0 bytes).</summary>
    public static int ReadFromStart(int fd, Span<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            long n = pread(fd, b, buffer.Length, 0);
            return n >= 0 ? (int)n : -errno;
        }
    }

    /// <summary>Reads on from the file's position (a large /proc file, chunk by chunk). Returns
    /// the byte count, 0 at the end, or -errno.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            long n = read(fd, b, buffer.Length);
            return n >= 0 ? (int)n : -errno;
        }
    }

    /// <summary>Reads a whole small file: open, read until full or end, close.</summary>
    public static int ReadFile(int dirFd, ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        int fd = OpenRead(dirFd, path);
        if (fd < 0)
        {
            return fd;
        }
        try
        {
            int total = 0;
            fixed (byte* b = buffer)
            {
                while (total < buffer.Length)
                {
                    long n = read(fd, b + total, buffer.Length - total);
                    if (n < 0)
                    {
                        return -errno;
                    }
                    if (n == 0)
                    {
                        break;
                    }
                    total += (int)n;
                }
            }
            return total;
        }
        finally
        {
            close(fd);
        }
    }

    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            close(fd);
        }
    }

    /// <summary>The owner of an open file or directory. On a /proc/PID directory this is the
    /// process's effective uid, computed afresh on every call (the kernel's pid_getattr), and,
    /// unlike the files inside it, never turned to root by a non-dumpable process.</summary>
    public static int GetOwner(int fd, out uint uid)
    {
        // statx asking for the owner alone: a direct call, where Tmds.LibC's fstat converts a
        // whole struct stat in managed code.
        const int AT_EMPTY_PATH = 0x1000;
        const uint STATX_UID = 0x8;
        statx st;
        byte empty = 0;
        if (statx(fd, &empty, AT_EMPTY_PATH, STATX_UID, &st) != 0)
        {
            uid = 0;
            return -errno;
        }
        uid = st.stx_uid;
        return 0;
    }

    /// <summary>Identity of the file a path leads to, following links (so "exe" leads to the
    /// executable itself, even when it was deleted: then its link count is 0).</summary>
    public static int StatAt(int dirFd, ReadOnlySpan<byte> path, out FileIdentity identity)
    {
        stat st;
        fixed (byte* p = path)
        {
            if (fstatat(dirFd, p, &st, 0) != 0)
            {
                identity = default;
                return -errno;
            }
        }
        identity = new FileIdentity(st.st_dev, st.st_ino, st.st_nlink, st.st_uid);
        return 0;
    }

    /// <summary>Reads a symbolic link. Returns the length or -errno; the result is not
    /// NUL-terminated and is cut at the buffer's size.</summary>
    public static int ReadLinkAt(int dirFd, ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        fixed (byte* p = path)
        fixed (byte* b = buffer)
        {
            long n = readlinkat(dirFd, p, b, buffer.Length);
            return n >= 0 ? (int)n : -errno;
        }
    }

    /// <summary>Rewinds a directory fd so that it can be listed again.</summary>
    public static int Rewind(int fd) => lseek(fd, 0, SEEK_SET) < 0 ? -errno : 0;

    /// <summary>getdents64(2): fills <paramref name="buffer"/> with linux_dirent64 records.
    /// Returns the bytes filled (0 at the end) or -errno. Tmds.LibC has no wrapper.</summary>
    public static int GetDirectoryEntries(int fd, Span<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            long n = (ssize_t)syscall(GetDents64Number, fd, b, buffer.Length);
            return n >= 0 ? (int)n : -errno;
        }
    }

    /// <summary>Raises the soft open-file limit to the hard limit (keeping each process's stat
    /// file open costs two descriptors a process). Returns the new soft limit, or -errno.</summary>
    public static long RaiseOpenFileLimit()
    {
        const int RLIMIT_NOFILE = 7;
        RLimit current;
        if ((long)(ssize_t)syscall(PrLimit64Number, 0, RLIMIT_NOFILE, (void*)null, &current) != 0)
        {
            return -errno;
        }
        if (current.Soft < current.Hard)
        {
            var raised = new RLimit { Soft = current.Hard, Hard = current.Hard };
            if ((long)(ssize_t)syscall(PrLimit64Number, 0, RLIMIT_NOFILE, &raised, (void*)null) != 0)
            {
                return (long)current.Soft;
            }
            return (long)raised.Soft;
        }
        return (long)current.Soft;
    }

    /// <summary>USER_HZ, the unit of utime/stime/starttime in /proc/PID/stat.</summary>
    public static long ClockTicksPerSecond
    {
        get
        {
            const int _SC_CLK_TCK = 2;
            long hz = sysconf(_SC_CLK_TCK);
            return hz > 0 ? hz : 100;
        }
    }

    public static int PageSize => Environment.SystemPageSize;

    /// <summary>The login name of a uid through NSS (files, LDAP, ...), or null when unknown.</summary>
    public static string? UserName(uint uid)
    {
        Passwd pw;
        Passwd* result = null;
        Span<byte> buffer = stackalloc byte[4096];
        fixed (byte* b = buffer)
        {
            int rc = getpwuid_r(uid, &pw, b, (nuint)buffer.Length, &result);
            if (rc != 0 || result == null || pw.pw_name == null)
            {
                return null;
            }
            return Marshal.PtrToStringUTF8((nint)pw.pw_name);
        }
    }

    public static int CurrentProcessId => Environment.ProcessId;

    private static int GetDents64Number => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 217,
        Architecture.Arm64 => 61,
        _ => throw new PlatformNotSupportedException("getdents64 syscall number unknown for this architecture"),
    };

    private static int PrLimit64Number => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 302,
        Architecture.Arm64 => 261,
        _ => throw new PlatformNotSupportedException("prlimit64 syscall number unknown for this architecture"),
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public byte* pw_name;
        public byte* pw_Passwd;
        public uint pw_uid;
        public uint pw_gid;
        public byte* pw_gecos;
        public byte* pw_dir;
        public byte* pw_shell;
    }

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int getpwuid_r(uint uid, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);
}

/// <summary>What identifies a file: device and inode; its link count (0 once deleted) and owner.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, ulong LinkCount, uint Owner);
