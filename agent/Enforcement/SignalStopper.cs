using HsGuard.Agent.Native;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Holds processes with SIGSTOP, where the host has no freezer. Weaker than a freezer, and said so:
/// any process of the same user may send SIGCONT, so the members are looked at every
/// <see cref="EnforcementOptions.SignalRecheckInterval"/> and stopped again; a watchdog that keeps
/// continuing them gets them a few milliseconds of CPU each time, not a running miner. Nothing is
/// left in the kernel to find after an agent restart: the state file remembers the suspensions.
/// </summary>
internal sealed class SignalStopper : ISuspensionMethod
{
    private readonly ProcessReader _reader;
    private readonly TimeProvider _time;

    public SignalStopper(ProcessReader reader, TimeProvider time)
    {
        _reader = reader;
        _time = time;
    }

    public string Name => "SIGSTOP";

    public string HeldOutcome => "stopped";

    public bool UndoneBySigcont => true;

    public void Prepare(Suspension suspension)
    {
    }

    public TargetState Hold(Suspension suspension, in ProcessFacts process, out string? originalCgroup)
    {
        originalCgroup = null;
        return ProcessSignals.Send(_reader, process.Pid, process.StartTicks, Posix.SIGSTOP);
    }

    public IReadOnlySet<int>? Contained(Suspension suspension) => null;

    public bool IsHeld(in ProcessFacts process, IReadOnlySet<int>? contained) => process.IsStopped;

    public Task<bool> SettleAsync(Suspension suspension, TimeSpan timeout, CancellationToken cancellationToken) =>
        Polling.UntilAsync(() => AllStopped(suspension), timeout, _time, cancellationToken);

    public void Reassert(Suspension suspension)
    {
    }

    public void Release(Suspension suspension)
    {
        foreach (var member in suspension.Members.Values)
        {
            ProcessSignals.Send(_reader, member.Pid, member.StartTicks, Posix.SIGCONT);
        }
    }

    public Task DissolveAsync(Suspension suspension, TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyDictionary<long, IReadOnlySet<int>> Discover() => new Dictionary<long, IReadOnlySet<int>>();

    /// <summary>A group stop takes effect once every thread has reached it; the main thread's
    /// state turns to T then.</summary>
    private bool AllStopped(Suspension suspension)
    {
        foreach (var member in suspension.Members.Values)
        {
            if (_reader.Check(member.Pid, member.StartTicks, out var facts) == TargetState.Alive && !facts.IsStopped)
            {
                return false;
            }
        }
        return true;
    }
}
