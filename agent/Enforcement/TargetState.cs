namespace HsGuard.Agent.Enforcement;

/// <summary>What became of a process named by (pid, start time).</summary>
internal enum TargetState
{
    /// <summary>Running (or stopped, or frozen): the very process named.</summary>
    Alive,
    /// <summary>Exited (a zombie counts: it runs no more).</summary>
    Gone,
    /// <summary>The pid now belongs to another, younger process.</summary>
    Reused,
}
