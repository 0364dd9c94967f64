using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace HsGuard.Agent.Native;

/// <summary>
/// What the enforcer needs of libc: signals sent through a pidfd (so that the process checked is
/// the process signalled), and the directories and control files of a cgroup hierarchy. Like the
/// rest of <see cref="Posix"/>, failures come back as a negative errno.
/// </summary>
internal static unsafe partial class Posix
{
    // Signal numbers of x86-64 and arm64 (asm-generic/signal.h); other architectures differ.
    public const int SIGKILL = 9;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;

    // System calls added since Linux 5.1 have one number on every architecture (asm-generic/unistd.h).
    private const int PidfdSendSignalNumber = 424;
    private const int PidfdOpenNumber = 434;

    /// <summary>pidfd_open(2): a descriptor that names this one process for as long as it is held.
    /// Once that process has exited, signals through it fail with ESRCH, even when the pid has been
    /// given to another process meanwhile. Returns the fd or -errno (ESRCH: no such process;
    /// ENOSYS: a kernel before 5.3).</summary>
    public static int OpenProcess(int pid)
    {
        long fd = (long)(ssize_t)syscall(PidfdOpenNumber, pid, 0);
        return fd >= 0 ? (int)fd : -errno;
    }

    /// <summary>pidfd_send_signal(2). Returns 0 or -errno (ESRCH: the process has exited).</summary>
    public static int SignalProcess(int pidFd, int signal)
    {
        long rc = (long)(ssize_t)syscall(PidfdSendSignalNumber, pidFd, signal, (void*)null, 0);
        return rc == 0 ? 0 : -errno;
    }

    /// <summary>kill(2), for kernels without pidfd. Returns 0 or -errno.</summary>
    public static int Kill(int pid, int signal) => kill(pid, signal) == 0 ? 0 : -errno;

    /// <summary>Makes a directory owned by root with exactly <paramref name="mode"/> (whatever the
    /// umask says). An existing one is made so too. Returns 0 or -errno.</summary>
    public static int MakeRootDirectory(string path, UnixFileMode mode)
    {
        fixed (byte* p = ToCString(path))
        {
            if (mkdir(p, (ushort)mode) != 0 && errno != EEXIST)
            {
                return -errno;
            }
            if (chown(p, 0, 0) != 0 || chmod(p, (ushort)mode) != 0)
            {
                return -errno;
            }
            return 0;
        }
    }

    /// <summary>rmdir(2): in a cgroup hierarchy, removes an empty cgroup (EBUSY while it holds a
    /// process or a child). Returns 0 or -errno.</summary>
    public static int RemoveDirectory(string path)
    {
        fixed (byte* p = ToCString(path))
        {
            return rmdir(p) == 0 ? 0 : -errno;
        }
    }

    /// <summary>Writes <paramref name="data"/> to an existing file in one write(2), without
    /// truncating or creating it: the way a cgroup control file takes a value (cgroup.procs takes
    /// one pid a write). Returns 0 or -errno, so that a pid that is gone (ESRCH) or a cgroup that
    /// refuses (EBUSY, EINVAL) can be told apart.</summary>
    public static int WriteControlFile(string path, ReadOnlySpan<byte> data)
    {
        int fd;
        fixed (byte* p = ToCString(path))
        {
            fd = open(p, O_WRONLY | O_CLOEXEC, 0);
        }
        if (fd < 0)
        {
            return -errno;
        }
        try
        {
            fixed (byte* d = data)
            {
                long n = write(fd, d, data.Length);
                return n == data.Length ? 0 : n < 0 ? -errno : -EINVAL;
            }
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>The size of the file a path leads to, following links: for /proc/PID/exe, the
    /// executable the process runs, deleted or not. Returns 0 or -errno.</summary>
    public static int FileSize(string path, out long size)
    {
        stat st;
        fixed (byte* p = ToCString(path))
        {
            if (fstatat(CurrentDirectory, p, &st, 0) != 0)
            {
                size = 0;
                return -errno;
            }
        }
        size = st.st_size;
        return 0;
    }

    private static byte[] ToCString(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
