using HsGuard.Agent.Native;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Signals a process named by (pid, start time), and only that process. The pidfd is opened
/// first and the start time checked after: if the check passes, the pidfd names the process
/// checked (a pid is reused only after its process is gone, and a pidfd never follows a pid to a
/// new process), so the signal reaches it or nobody. Kernels before 5.3 have no pidfd; there the
/// check and kill(2) leave the usual microseconds between them.
/// </summary>
internal static class ProcessSignals
{
    public static TargetState Send(ProcessReader reader, int pid, ulong startTicks, int signal)
    {
        int pidFd = Posix.OpenProcess(pid);
        if (pidFd == -Posix.ESRCH)
        {
            return TargetState.Gone;
        }
        try
        {
            var state = reader.Check(pid, startTicks, out _);
            if (state != TargetState.Alive)
            {
                return state;
            }
            int rc = pidFd >= 0 ? Posix.SignalProcess(pidFd, signal) : Posix.Kill(pid, signal);
            if (rc == -Posix.ESRCH)
            {
                return TargetState.Gone;
            }
            if (rc < 0)
            {
                throw new IOException($"signal {signal} to pid {pid} failed: errno {-rc}");
            }
            return TargetState.Alive;
        }
        finally
        {
            Posix.Close(pidFd);
        }
    }
}
