using Google.Protobuf.WellKnownTypes;
using HsGuard.Agent.Native;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Streaming;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Carries out the collector's commands and keeps the suspensions they start. Every command is
/// checked before anything is done: not expired, its target still the process it names (same
/// start time; a reused pid is refused), not protected (<see cref="TargetGuard"/>). Every command
/// gets a result, queued for the collector in the <see cref="MessageOutbox"/>; a command id seen
/// before gets its earlier result again instead of a second execution. Not thread-safe: the
/// <see cref="EnforcementService"/>'s one loop calls it, for commands and ticks alike.
/// </summary>
internal sealed class Enforcer : IDisposable
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(2);

    private readonly ProcessReader _reader;
    private readonly TargetGuard _guard;
    private readonly SuspensionKeeper _keeper;
    private readonly ProcessKiller _killer;
    private readonly EvidenceCollector _evidence;
    private readonly MessageOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SuspensionBook _suspensions;
    private readonly CommandMemory _results;

    public Enforcer(IOptions<EnforcementOptions> options, IOptions<SamplerOptions> sampler, MessageOutbox outbox, TimeProvider time,
        ILogger<Enforcer> log)
        : this(options.Value, sampler.Value.ProcRoot, Environment.ProcessId, outbox, time, log)
    {
    }

    internal Enforcer(EnforcementOptions options, string procRoot, int self, MessageOutbox outbox, TimeProvider time, ILogger log)
    {
        _outbox = outbox;
        _time = time;
        _log = log;
        _reader = new ProcessReader(procRoot);
        _guard = new TargetGuard(options, _reader, Posix.UserName, self);
        var method = SuspensionMethodFactory.Create(options, _reader, time, log);
        _keeper = new SuspensionKeeper(method, _reader, _guard);
        _killer = new ProcessKiller(_reader, _guard, method, time);
        _results = new CommandMemory(options.RememberedCommands);
        _evidence = new EvidenceCollector(options, _reader, Posix.UserName, time);
        _suspensions = new SuspensionBook(options.StateFile, _reader.Proc.ReadBootId() ?? "", log);
    }

    /// <summary>"cgroup v2 freezer", "cgroup v1 freezer" or "SIGSTOP".</summary>
    public string Method => _keeper.Method.Name;

    public IReadOnlyDictionary<long, Suspension> Suspensions => _suspensions.All;

    /// <summary>Whether suspensions need looking at between ticks: held by signals, which a process
    /// of the same user can undo.</summary>
    public bool NeedsRecheck => _keeper.Method.UndoneBySigcont && _suspensions.Count > 0;

    /// <summary>Takes up the suspensions of a previous run (see <see cref="SuspensionBook"/>).</summary>
    public void Restore() => _suspensions.Restore(_keeper.Method, _reader);

    public async Task<CommandResult> ExecuteAsync(Command command, CancellationToken cancellationToken)
    {
        if (_results.TryGet(command.Id, out var earlier))
        {
            EnforcementLog.CommandRepeated(_log, command.Id, earlier.Status.ToString());
            Send(earlier);
            return earlier;
        }
        long started = _time.GetTimestamp();
        var target = command.Target ?? new ProcessKey();
        EnforcementLog.CommandReceived(_log, command.Id, command.Kind.ToString(), target.Pid, target.StartTicks, command.Scope.ToString(),
            command.IncidentId, command.IssuedBy);
        CommandResult result;
        ProcessFacts? evidenceOf = null;
        try
        {
            (result, evidenceOf) = Precheck(command) is { } refused ? (refused, null) : command.Kind switch
            {
                CommandKind.Suspend => await SuspendAsync(command, cancellationToken),
                CommandKind.Resume => (Resume(command), null),
                _ => (await KillAsync(command, cancellationToken), null),
            };
        }
        catch (IOException e)
        {
            result = Result(command, CommandStatus.Failed, e.Message);
        }
        if (command.Id.Length > 0)
        {
            _results.Remember(command.Id, result);
        }
        Send(result);
        var elapsed = _time.GetElapsedTime(started);
        if (result.Status == CommandStatus.Failed)
        {
            EnforcementLog.CommandFailed(_log, command.Id, command.Kind.ToString(), command.IncidentId, result.Reason);
        }
        else
        {
            EnforcementLog.CommandDone(_log, command.Id, command.Kind.ToString(), command.IncidentId, result.Status.ToString(),
                result.Reason, result.Method, elapsed);
        }
        if (evidenceOf is { } p && _suspensions.TryGet(command.IncidentId, out var suspension))
        {
            CaptureEvidence(command, suspension, p);
        }
        return result;
    }

    /// <summary>One tick: every suspension is re-asserted; what changed goes up as an UPDATE.</summary>
    public void Reassert()
    {
        if (_suspensions.Count == 0)
        {
            return;
        }
        var listing = _reader.ListAll();
        foreach (var suspension in _suspensions.All.Values)
        {
            Keep(suspension, s => _keeper.Reassert(s, listing));
        }
    }

    /// <summary>Between ticks, for suspensions held by signals: the members only.</summary>
    public void Recheck()
    {
        foreach (var suspension in _suspensions.All.Values)
        {
            Keep(suspension, _keeper.Recheck);
        }
    }

    public void Dispose() => _reader.Dispose();

    private CommandResult? Precheck(Command command)
    {
        if (command.Id.Length == 0)
        {
            return Result(command, CommandStatus.Refused, "a command needs an id");
        }
        if (command.ExpiresAt is { } expires && expires.ToDateTimeOffset() <= _time.GetUtcNow())
        {
            return Result(command, CommandStatus.Refused, "expired");
        }
        if (command.Kind is not (CommandKind.Suspend or CommandKind.Resume or CommandKind.Kill))
        {
            return Result(command, CommandStatus.Refused, $"unknown command kind {command.Kind}");
        }
        if (command.Kind != CommandKind.Resume && (command.Target is null || command.Target.Pid <= 0))
        {
            return Result(command, CommandStatus.Refused, "the command names no target process");
        }
        if (command.Kind != CommandKind.Kill && command.IncidentId == 0)
        {
            return Result(command, CommandStatus.Refused, "a suspension needs an incident id");
        }
        return null;
    }

    /// <summary>Null when the target is the process named and may be acted on.</summary>
    private CommandResult? CheckTarget(Command command, TargetState state, in ProcessFacts target)
    {
        int pid = command.Target.Pid;
        if (state == TargetState.Reused)
        {
            return Result(command, CommandStatus.Refused, $"pid {pid} now belongs to another process");
        }
        if (state == TargetState.Gone)
        {
            return Result(command, CommandStatus.Gone, $"pid {pid} has exited");
        }
        if (_guard.Refusal(target) is { } refusal)
        {
            var result = Result(command, CommandStatus.Refused, refusal);
            result.Processes.Add(target.Outcome("refused: " + refusal));
            return result;
        }
        return null;
    }

    private async Task<(CommandResult, ProcessFacts?)> SuspendAsync(Command command, CancellationToken cancellationToken)
    {
        var state = _reader.Check(command.Target.Pid, command.Target.StartTicks, out var target);
        if (CheckTarget(command, state, target) is { } refused)
        {
            return (refused, null);
        }
        bool created = !_suspensions.TryGet(command.IncidentId, out var suspension);
        suspension ??= new Suspension { IncidentId = command.IncidentId, CommandId = command.Id, Uid = target.Uid };
        if (created)
        {
            _keeper.Method.Prepare(suspension);
            _suspensions.Add(suspension);
        }
        bool already = suspension.Holds(target.Pid, target.StartTicks);
        bool tree = command.Scope == CommandScope.Tree;
        var report = _keeper.HoldTree(suspension, target, tree);
        bool settled = await _keeper.Method.SettleAsync(suspension, SettleTimeout, cancellationToken);
        if (tree && settled)
        {
            // Once every process is held none can fork: one more look finds a child forked
            // between a listing and its parent's stop.
            int before = report.Processes.Count;
            _keeper.HoldTree(suspension, target, tree, report: report);
            if (report.Processes.Count > before)
            {
                settled = await _keeper.Method.SettleAsync(suspension, SettleTimeout, cancellationToken);
            }
        }
        Save();
        if (!suspension.Holds(target.Pid, target.StartTicks))
        {
            // It exited between the check and the hold: nothing was held for it.
            if (created && suspension.Members.Count == 0)
            {
                _keeper.Method.Release(suspension);
                _suspensions.Remove(suspension);
            }
            return (Result(command, CommandStatus.Gone, $"pid {target.Pid} has exited"), null);
        }
        var result = Result(command, CommandStatus.Done, report.Reason, report);
        if (already)
        {
            result.Processes.Insert(0, target.Outcome(_keeper.Method.HeldOutcome));
            result.Reason = Join(result.Reason, $"pid {target.Pid} was suspended already");
        }
        if (!settled)
        {
            result.Reason = Join(result.Reason,
                $"not every process was held within {SettleTimeout.TotalSeconds} s (busy in the kernel?); the hold is re-asserted every tick");
        }
        return (result, target);
    }

    private CommandResult Resume(Command command)
    {
        if (!_suspensions.TryGet(command.IncidentId, out var suspension))
        {
            return Result(command, CommandStatus.Refused, $"no suspension for incident {command.IncidentId}");
        }
        var report = new HoldReport();
        foreach (var member in suspension.Members.Values)
        {
            if (_reader.Check(member.Pid, member.StartTicks, out var p) == TargetState.Alive)
            {
                report.Add(p, "resumed");
            }
            else
            {
                report.Processes.Add(member.Outcome("gone"));
            }
        }
        _keeper.Method.Release(suspension);
        _suspensions.Remove(suspension);
        bool any = report.Processes.Any(p => p.Outcome == "resumed");
        return Result(command, any ? CommandStatus.Done : CommandStatus.Gone, any ? "" : "every process of the suspension has exited", report);
    }

    private async Task<CommandResult> KillAsync(Command command, CancellationToken cancellationToken)
    {
        _suspensions.TryGet(command.IncidentId, out var suspension);
        var state = _reader.Check(command.Target.Pid, command.Target.StartTicks, out var target);
        // A target gone is no refusal while its suspension still holds processes: they die all the same.
        if ((state != TargetState.Gone || suspension is null) && CheckTarget(command, state, target) is { } refused)
        {
            return refused;
        }
        var (report, survivors) = await _killer.KillAsync(state == TargetState.Alive ? target : null, command.Scope == CommandScope.Tree,
            suspension, cancellationToken);
        if (suspension is not null)
        {
            _suspensions.Remove(suspension);
        }
        if (survivors.Count > 0)
        {
            return Result(command, CommandStatus.Failed,
                $"still alive {ProcessKiller.Timeout.TotalSeconds} s after SIGKILL: pid {string.Join(", pid ", survivors)}", report);
        }
        return report.Processes.Any(p => p.Outcome == "killed")
            ? Result(command, CommandStatus.Done, report.Reason, report)
            : Result(command, CommandStatus.Gone, $"pid {command.Target.Pid} and its suspension's processes have exited", report);
    }

    private void CaptureEvidence(Command command, Suspension suspension, ProcessFacts target)
    {
        // Right after the hold: a frozen (or stopped) process cannot change or delete anything
        // meanwhile, so its files, memory and connections are read as they were when it stopped.
        EvidenceCapture capture;
        try
        {
            capture = _evidence.Capture(command, target);
        }
        catch (IOException e)
        {
            EnforcementLog.EvidenceFailed(_log, target.Pid, command.IncidentId, e.Message);
            return;
        }
        if (capture.Executable is { } exe && !suspension.Executables.Contains(exe))
        {
            suspension.Executables.Add(exe);
            Save();
        }
        var bundle = capture.Bundle;
        _outbox.Add(new AgentMessage { Evidence = bundle });
        foreach (var chunk in capture.Chunks)
        {
            _outbox.Add(new AgentMessage { EvidenceChunk = chunk });
        }
        EnforcementLog.EvidenceCaptured(_log, target.Pid, command.IncidentId, bundle.Exe, bundle.ExeSize, bundle.ExeSha256,
            bundle.ExeCopySize, bundle.Missing.Count);
    }

    private void Keep(Suspension suspension, Func<Suspension, HoldReport> keep)
    {
        HoldReport report;
        try
        {
            report = keep(suspension);
        }
        catch (IOException e)
        {
            EnforcementLog.ReassertFailed(_log, suspension.IncidentId, e.Message);
            return;
        }
        if (report.IsEmpty)
        {
            return;
        }
        Save();
        EnforcementLog.SuspensionChanged(_log, suspension.IncidentId, report.Reason);
        var update = new CommandResult
        {
            CommandId = suspension.CommandId,
            IncidentId = suspension.IncidentId,
            Status = CommandStatus.Update,
            Reason = report.Reason,
            Time = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            Method = _keeper.Method.Name,
        };
        update.Processes.AddRange(report.Processes);
        Send(update);
    }

    private CommandResult Result(Command command, CommandStatus status, string reason, HoldReport? report = null)
    {
        var result = new CommandResult
        {
            CommandId = command.Id,
            IncidentId = command.IncidentId,
            Status = status,
            Reason = reason,
            Time = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            Method = status is CommandStatus.Done && command.Kind != CommandKind.Kill ? _keeper.Method.Name : "",
        };
        if (report is not null)
        {
            result.Processes.AddRange(report.Processes);
        }
        return result;
    }

    private void Send(CommandResult result) => _outbox.Add(new AgentMessage { CommandResult = result });

    private void Save() => _suspensions.Save();

    private static string Join(string first, string second) => first.Length == 0 ? second : first + "; " + second;
}
