namespace HsGuard.Agent.Enforcement;

/// <summary>How a suspension holds its processes: frozen in a root-owned cgroup (v2 or the v1
/// freezer), or stopped with SIGSTOP where the host has no freezer. Every call is about processes
/// the caller checked by (pid, start time) a moment before.</summary>
internal interface ISuspensionMethod
{
    /// <summary>The result's "method": "cgroup v2 freezer", "cgroup v1 freezer", "SIGSTOP".</summary>
    string Name { get; }

    /// <summary>What a held process's outcome says: "frozen" or "stopped".</summary>
    string HeldOutcome { get; }

    /// <summary>Whether a process of the same user can undo the hold with SIGCONT (signals), so
    /// that the members must be looked at more often than every tick.</summary>
    bool UndoneBySigcont { get; }

    /// <summary>Gets the hold ready before the first process goes in (the cgroup, frozen). Throws
    /// <see cref="IOException"/> when it cannot.</summary>
    void Prepare(Suspension suspension);

    /// <summary>Holds one process. Returns the state of the process (a gone one is no error) and,
    /// for a freezer, the cgroup it came from.</summary>
    TargetState Hold(Suspension suspension, in ProcessFacts process, out string? originalCgroup);

    /// <summary>The pids the hold contains now (a freezer's cgroup.procs: children forked before
    /// the freeze are there too), or null where the method has no container.</summary>
    IReadOnlySet<int>? Contained(Suspension suspension);

    /// <summary>Whether <paramref name="process"/> is held now; <paramref name="contained"/> is
    /// what <see cref="Contained"/> gave.</summary>
    bool IsHeld(in ProcessFacts process, IReadOnlySet<int>? contained);

    /// <summary>Waits, at most <paramref name="timeout"/>, until every process put in is really
    /// held (the kernel freezes and stops asynchronously). False when time ran out.</summary>
    Task<bool> SettleAsync(Suspension suspension, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Sees that the hold itself still stands (the cgroup frozen), every tick.</summary>
    void Reassert(Suspension suspension);

    /// <summary>Lets every member run again (back to its cgroup, thawed; or SIGCONT) and removes
    /// the container.</summary>
    void Release(Suspension suspension);

    /// <summary>After SIGKILL: thaws what is left so that the kernel can deliver it, and removes
    /// the container once empty.</summary>
    Task DissolveAsync(Suspension suspension, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Suspensions a previous run of the agent left in place: incident id and the pids
    /// held (a freezer finds its cgroups; signals leave nothing to find).</summary>
    IReadOnlyDictionary<long, IReadOnlySet<int>> Discover();
}
