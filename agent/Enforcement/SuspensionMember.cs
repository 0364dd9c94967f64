using System.Text.Json.Serialization;
using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Enforcement;

/// <summary>A process held by a suspension, named by (pid, start time). With a freezer,
/// <see cref="OriginalCgroup"/> is the cgroup it was moved out of (relative to the hierarchy's
/// root, as /proc/PID/cgroup shows it), so that a resume can put it back.</summary>
internal sealed record SuspensionMember(int Pid, ulong StartTicks, string Comm, string? OriginalCgroup)
{
    /// <summary>Whether a "continued and stopped again" was reported already (once a member).</summary>
    [JsonIgnore]
    public bool ContinuedReported { get; set; }

    public ProcessOutcome Outcome(string outcome) =>
        new() { Pid = Pid, StartTicks = StartTicks, Comm = Comm, Outcome = outcome };
}
