namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Puts processes into a suspension and keeps them there: holds a process tree top-down until none
/// of it is left outside, and on every tick sees that each member is still held, records the
/// members that exited, and takes in newcomers that belong to the incident (a child of a member,
/// or a process of the same user running the suspended executable). Protected processes are left
/// alone and reported once. Owned by the <see cref="Enforcer"/>'s one loop.
/// </summary>
internal sealed class SuspensionKeeper
{
    /// <summary>Rounds of listing and holding before giving up on a tree that keeps growing; a
    /// held parent cannot fork, so each round can only find the children forked before it.</summary>
    private const int MaxRounds = 32;

    private readonly ISuspensionMethod _method;
    private readonly ProcessReader _reader;
    private readonly TargetGuard _guard;
    private readonly ExecutableMatcher _matcher;

    public SuspensionKeeper(ISuspensionMethod method, ProcessReader reader, TargetGuard guard)
    {
        _method = method;
        _reader = reader;
        _guard = guard;
        _matcher = new ExecutableMatcher(reader);
    }

    public ISuspensionMethod Method => _method;

    /// <summary>Holds <paramref name="target"/> (checked and allowed by the caller) and, with
    /// <paramref name="tree"/>, every descendant, re-listing /proc until none is left outside.
    /// Processes in <paramref name="skip"/> are held already by other means; those in
    /// <paramref name="report"/> (of an earlier call for the same command) are not reported again.</summary>
    public HoldReport HoldTree(Suspension suspension, in ProcessFacts target, bool tree, IReadOnlySet<int>? skip = null,
        HoldReport? report = null)
    {
        report ??= new HoldReport();
        var reported = report.Processes.Select(p => (p.Pid, p.StartTicks)).ToHashSet();
        var top = target;
        for (int round = 0; round < MaxRounds; round++)
        {
            var wanted = tree
                ? ProcessTree.TopDown(_reader.ListAll(), top.Pid, top.StartTicks)
                : _reader.Check(top.Pid, top.StartTicks, out var now) == TargetState.Alive ? [now] : [];
            var contained = _method.Contained(suspension);
            bool acted = false;
            foreach (var p in wanted)
            {
                var key = (p.Pid, p.StartTicks);
                // Held in this call already: a stop or a freeze takes a moment to show, and asking
                // again would not make it quicker (the caller settles and looks once more).
                if (skip?.Contains(p.Pid) == true || reported.Contains(key)
                    || suspension.Holds(p.Pid, p.StartTicks) && _method.IsHeld(p, contained))
                {
                    continue;
                }
                if (p.Pid != top.Pid && _guard.Refusal(p) is { } refusal)
                {
                    reported.Add(key);
                    report.Add(p, "refused: " + refusal);
                    continue;
                }
                acted = true;
                reported.Add(key);
                if (Hold(suspension, p))
                {
                    report.Add(p, _method.HeldOutcome);
                }
            }
            if (!acted)
            {
                break;
            }
        }
        return report;
    }

    /// <summary>One tick: the hold itself, every member, and newcomers, looked for first in
    /// <paramref name="listing"/> (one listing serves every suspension of the tick).</summary>
    public HoldReport Reassert(Suspension suspension, List<ProcessFacts> listing)
    {
        _method.Reassert(suspension);
        var report = Recheck(suspension);
        var contained = _method.Contained(suspension);
        for (int round = 0; round < MaxRounds; round++)
        {
            bool joined = false;
            foreach (var p in round == 0 ? listing : _reader.ListAll())
            {
                if (suspension.Holds(p.Pid, p.StartTicks) || suspension.Refused.Contains((p.Pid, p.StartTicks)) || p.IsDead)
                {
                    continue;
                }
                string? why = contained?.Contains(p.Pid) == true ? "found in the suspension's cgroup"
                    : suspension.Members.TryGetValue(p.ParentPid, out var parent) && p.StartTicks >= parent.StartTicks
                        ? $"a child of pid {p.ParentPid}"
                    : p.Uid == suspension.Uid && !p.IsKernelThread ? _matcher.Match(suspension, p.Pid)
                    : null;
                if (why is null)
                {
                    continue;
                }
                if (_guard.Refusal(p) is { } refusal)
                {
                    suspension.Refused.Add((p.Pid, p.StartTicks));
                    report.Add(p, "refused: " + refusal, $"pid {p.Pid} ({p.Comm}) matches but is left alone: {refusal}");
                    continue;
                }
                if (Hold(suspension, p))
                {
                    joined = true;
                    report.Add(p, "joined", $"pid {p.Pid} ({p.Comm}) joined: {why}");
                }
            }
            if (!joined)
            {
                break;
            }
            // A newcomer's children, forked before it was held, are found in the next round.
            contained = _method.Contained(suspension);
        }
        return report;
    }

    /// <summary>The members only: the exited ones leave, and a member that runs again (continued
    /// by another process's SIGCONT, or moved out) is held again.</summary>
    public HoldReport Recheck(Suspension suspension)
    {
        var report = new HoldReport();
        var contained = _method.Contained(suspension);
        foreach (var member in suspension.Members.Values.ToList())
        {
            if (_reader.Check(member.Pid, member.StartTicks, out var p) != TargetState.Alive)
            {
                suspension.Members.Remove(member.Pid);
                report.Processes.Add(member.Outcome("gone"));
                report.Notes.Add($"pid {member.Pid} ({member.Comm}) exited while suspended");
                continue;
            }
            if (_method.IsHeld(p, contained))
            {
                continue;
            }
            var state = _method.Hold(suspension, p, out _);
            if (state == TargetState.Alive && !member.ContinuedReported)
            {
                member.ContinuedReported = true;
                report.Add(p, _method.HeldOutcome, $"pid {p.Pid} ({p.Comm}) was let run by another process and held again");
            }
        }
        return report;
    }

    private bool Hold(Suspension suspension, in ProcessFacts p)
    {
        if (_method.Hold(suspension, p, out string? original) != TargetState.Alive)
        {
            return false;
        }
        if (!suspension.Members.TryGetValue(p.Pid, out var existing) || existing.StartTicks != p.StartTicks)
        {
            suspension.Members[p.Pid] = new SuspensionMember(p.Pid, p.StartTicks, p.Comm, original);
        }
        return true;
    }

}
