using System.Diagnostics;
using System.Globalization;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Response;

/// <summary>Hands a freed pid to a new process: the kernel gives the next fork the pid after
/// /proc/sys/kernel/ns_last_pid (root may write it). Another fork on the machine in between takes
/// it first now and then: the new process is then ended (by its pid) and the next try made.</summary>
internal static class PidReuse
{
    public static Process StartAt(int pid, Func<Process> start)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            Assert.True(ProcStat.Read(pid) is null, $"pid {pid} is not free");
            File.WriteAllText("/proc/sys/kernel/ns_last_pid", (pid - 1).ToString(CultureInfo.InvariantCulture));
            var process = start();
            if (process.Id == pid)
            {
                return process;
            }
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
        throw new Xunit.Sdk.XunitException($"pid {pid} went to other processes 50 times");
    }
}
