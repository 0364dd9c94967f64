using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Enforcement;

/// <summary>One process as /proc showed it at one moment: what the enforcer decides on. The
/// state is the main thread's letter from stat (R S D T t Z X I ...); the uid is the effective one,
/// the owner of /proc/PID (never of a file inside it).</summary>
internal readonly record struct ProcessFacts(int Pid, ulong StartTicks, int ParentPid, char State, bool IsKernelThread,
    string Comm, uint Uid)
{
    /// <summary>Exited but not yet reaped (Z), or on its way out (X): nothing left to hold.</summary>
    public bool IsDead => State is 'Z' or 'X';

    /// <summary>Stopped by a signal (T) or for a tracer (t).</summary>
    public bool IsStopped => State is 'T' or 't';

    public ProcessKey Key => new() { Pid = Pid, StartTicks = StartTicks };

    public ProcessOutcome Outcome(string outcome) =>
        new() { Pid = Pid, StartTicks = StartTicks, Comm = Comm, Outcome = outcome };
}
