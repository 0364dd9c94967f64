using HsGuard.Agent.Native;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Ends a process tree and an incident's suspension with SIGKILL. The tree is stopped first,
/// top-down (SIGSTOP), so that no parent forks a child past the kill and no child is re-parented
/// out of reach; then every process gets SIGKILL, checked by its start time like every signal; then
/// the suspension's freezer thaws, for a frozen task takes its SIGKILL only when it runs again.
/// A zombie counts as gone: it waits only for its parent to reap it.
/// </summary>
internal sealed class ProcessKiller
{
    /// <summary>How long the processes may take to die, and the cgroup to empty.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly ProcessReader _reader;
    private readonly SuspensionKeeper _stopper;
    private readonly ISuspensionMethod _method;
    private readonly TimeProvider _time;

    public ProcessKiller(ProcessReader reader, TargetGuard guard, ISuspensionMethod method, TimeProvider time)
    {
        _reader = reader;
        // Stopped with signals whatever holds the suspensions: a SIGSTOP'd process is killed as it is.
        _stopper = new SuspensionKeeper(new SignalStopper(reader, time), reader, guard);
        _method = method;
        _time = time;
    }

    /// <summary>Kills <paramref name="target"/> (checked and allowed by the caller; null when it
    /// is gone), its descendants with <paramref name="tree"/> (protected ones are left alone and
    /// reported), and every member of <paramref name="suspension"/>, whose hold it then dissolves.
    /// Returns what became of each, and the pids still alive when time ran out.</summary>
    public async Task<(HoldReport Report, IReadOnlyCollection<int> Survivors)> KillAsync(ProcessFacts? target, bool tree,
        Suspension? suspension, CancellationToken cancellationToken)
    {
        var report = new HoldReport();
        var victims = new Dictionary<int, ProcessFacts>();
        if (target is { } t)
        {
            var stopped = new Suspension { IncidentId = suspension?.IncidentId ?? 0, CommandId = "", Uid = t.Uid };
            var frozen = suspension?.Members.Keys.ToHashSet();
            var stop = _stopper.HoldTree(stopped, t, tree, frozen);
            // Once stopped, none can fork: one more look finds a child forked before its parent stopped.
            await _stopper.Method.SettleAsync(stopped, Timeout, cancellationToken);
            _stopper.HoldTree(stopped, t, tree, frozen, stop);
            report.Processes.AddRange(stop.Processes.Where(p => p.Outcome.StartsWith("refused", StringComparison.Ordinal)));
            victims[t.Pid] = t;
            AddLive(victims, stopped);
        }
        if (suspension is not null)
        {
            AddLive(victims, suspension);
        }
        foreach (var victim in victims.Values)
        {
            ProcessSignals.Send(_reader, victim.Pid, victim.StartTicks, Posix.SIGKILL);
        }
        if (suspension is not null)
        {
            await _method.DissolveAsync(suspension, Timeout, cancellationToken);
        }
        var alive = victims.Values.ToDictionary(v => v.Pid, v => v.StartTicks);
        await Polling.UntilAsync(() =>
        {
            foreach (var (pid, start) in alive)
            {
                if (_reader.Check(pid, start, out _) != TargetState.Alive)
                {
                    alive.Remove(pid);
                }
            }
            return alive.Count == 0;
        }, Timeout, _time, cancellationToken);
        foreach (var victim in victims.Values)
        {
            report.Add(victim, alive.ContainsKey(victim.Pid) ? "alive" : "killed");
        }
        return (report, alive.Keys);
    }

    private void AddLive(Dictionary<int, ProcessFacts> victims, Suspension suspension)
    {
        foreach (var member in suspension.Members.Values)
        {
            if (_reader.Check(member.Pid, member.StartTicks, out var p) == TargetState.Alive)
            {
                victims.TryAdd(p.Pid, p);
            }
        }
    }
}
