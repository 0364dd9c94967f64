namespace HsGuard.Agent.Sampling;

/// <summary>What changed about a process in the last pass; the stream sends only these.</summary>
[Flags]
public enum ProcessChanges
{
    None = 0,
    /// <summary>First seen in this pass: everything is new.</summary>
    Started = 1 << 0,
    /// <summary>utime or stime advanced.</summary>
    Cpu = 1 << 1,
    /// <summary>Scheduler state (R, S, D, T, Z ...) changed.</summary>
    State = 1 << 2,
    /// <summary>Resident memory changed.</summary>
    Memory = 1 << 3,
    /// <summary>Thread count changed.</summary>
    Threads = 1 << 4,
    /// <summary>Parent, process group or session changed (reparenting, setsid).</summary>
    Lineage = 1 << 5,
    /// <summary>Name, executable, command line or owner changed (exec, prctl, setuid, deletion).</summary>
    Identity = 1 << 6,
    /// <summary>Context switches or I/O counters were read (busy process).</summary>
    Detail = 1 << 7,
    /// <summary>Nice value changed.</summary>
    Scheduling = 1 << 8,
}
