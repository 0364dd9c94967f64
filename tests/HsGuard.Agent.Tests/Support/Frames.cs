using HsGuard.Agent.Sampling;

namespace HsGuard.Agent.Tests.Support;

internal static class Frames
{
    /// <summary>The entry of <paramref name="pid"/> in the pass, or null.</summary>
    public static ProcessEntry? FindOrNull(this SampleFrame frame, int pid)
    {
        foreach (var p in frame.Processes)
        {
            if (p.Pid == pid)
            {
                return p;
            }
        }
        return null;
    }

    /// <summary>The entry of <paramref name="pid"/> in the pass; fails the test when not sampled.</summary>
    public static ProcessEntry Find(this SampleFrame frame, int pid) =>
        frame.FindOrNull(pid) ?? throw new Xunit.Sdk.XunitException($"process {pid} not sampled");
}
