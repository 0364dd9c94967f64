using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Ingest;
using HsGuard.Protocol.Hosting;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Response;

/// <summary>
/// The response: every incident whose verdict rises goes past the policy, and a suspension it
/// decides on becomes a command down the host's stream (or waits for the host, until the command
/// expires). Hostmasters' resume and kill go the same way. Results and evidence from the agents
/// are recorded on their incidents; every decision is logged and kept on the incident.
/// </summary>
internal sealed class ResponseService : SupervisedService, IAgentMessageSink
{
    private readonly IncidentBook _incidents;
    private readonly HostRegistry _hosts;
    private readonly ResponseOptions _options;
    private readonly ResponsePolicy _policy;
    private readonly EvidenceStore _evidence;
    private readonly TimeProvider _time;
    private readonly ILogger<ResponseService> _log;
    private readonly ConcurrentDictionary<string, Issued> _commands = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Issued>> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Threading.Channels.ChannelReader<IncidentEvent> _events;

    public ResponseService(IncidentBook incidents, HostRegistry hosts, IOptions<ResponseOptions> options, IOptions<DetectionOptions> detection,
        EvidenceStore evidence, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ResponseService> log)
        : base(lifetime, log)
    {
        _incidents = incidents;
        _events = incidents.Subscribe();
        _hosts = hosts;
        _options = options.Value;
        _policy = new ResponsePolicy(_options, detection.Value);
        _evidence = evidence;
        _time = time;
        _log = log;
    }

    public ResponseMode Mode => _options.Mode;

    /// <summary>A hostmaster's order (suspend, resume, kill) about an incident's process tree.</summary>
    /// <returns>The action recorded on the incident, or null with the reason it cannot be done.</returns>
    public async Task<(IncidentAction? Action, string? Refusal)> RequestAsync(long incidentId, CommandKind kind, string by, CancellationToken cancellationToken)
    {
        var incident = _incidents.Find(incidentId);
        if (incident is null)
        {
            return (null, $"no incident {incidentId}");
        }
        if (incident.RootPid == 0)
        {
            return (null, "the incident is about the user as a whole: it has no process tree");
        }
        var action = await IssueAsync(incident, kind, by, $"{kind.ToString().ToLowerInvariant()} ordered by {by}", cancellationToken);
        return (action, null);
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        TakeBackCommands();
        await DecideMissedAsync(stoppingToken);
        using var sweep = new PeriodicTimer(TimeSpan.FromSeconds(5), _time);
        var sweeping = SweepAsync(sweep, stoppingToken);
        await foreach (var change in _events.ReadAllAsync(stoppingToken))
        {
            await DecideAsync(change.Incident, stoppingToken);
        }
        await sweeping;
    }

    /// <summary>Commands of the incidents taken back from the store that were in flight when the
    /// collector stopped: their results still find them, and those still waiting are sent when
    /// their host connects (unless expired).</summary>
    private void TakeBackCommands()
    {
        foreach (var incident in _incidents.All)
        {
            foreach (var action in _incidents.Read(() => incident.Actions.ToList()))
            {
                if (action.CommandId is null || action.Status is not ("sent" or "pending")
                    || !System.Enum.TryParse<CommandKind>(action.Kind, ignoreCase: true, out var kind))
                {
                    continue;
                }
                string id = action.CommandId;
                var command = new Command
                {
                    Id = id,
                    Kind = kind,
                    Target = new ProcessKey { Pid = incident.RootPid, StartTicks = incident.RootStartTicks },
                    Scope = CommandScope.Tree,
                    IncidentId = incident.Id,
                    IssuedAt = Timestamp.FromDateTimeOffset(action.Time),
                    ExpiresAt = Timestamp.FromDateTimeOffset(action.Time + _options.CommandTimeToLive),
                    IssuedBy = action.By,
                };
                var issued = new Issued(incident.Host, incident, action, command);
                _commands[id] = issued;
                if (action.Status == "pending")
                {
                    _pending.GetOrAdd(incident.Host, _ => new ConcurrentQueue<Issued>()).Enqueue(issued);
                }
            }
        }
    }

    /// <summary>Incidents taken back whose verdict called for a decision that was never recorded
    /// (the collector died after writing the incident, and acknowledging its batch, and before
    /// deciding) are decided now.</summary>
    private async Task DecideMissedAsync(CancellationToken cancellationToken)
    {
        foreach (var incident in _incidents.All)
        {
            await DecideAsync(incident, cancellationToken);
        }
    }

    /// <summary>How a decision's detail starts, naming the verdict it was about.</summary>
    private static string DecisionPrefix(Verdict verdict) => $"verdict {verdict.ToString().ToLowerInvariant()} (";

    /// <summary>Decides once for each verdict an incident reaches: a record-only incident is kept,
    /// not acted on, and a verdict already decided (an event about a status, a restart) is not
    /// decided again.</summary>
    private async Task DecideAsync(Incident incident, CancellationToken cancellationToken)
    {
        bool due = _incidents.Read(() => incident.Verdict != Verdict.Record
            && !incident.Actions.Any(a => a.Kind == "decision" && a.Detail.StartsWith(DecisionPrefix(incident.Verdict), StringComparison.Ordinal)));
        if (!due)
        {
            return;
        }
        var now = _time.GetUtcNow();
        var decision = _policy.Decide(incident, now);
        string verdict = incident.Verdict.ToString().ToLowerInvariant();
        ResponseLog.Decision(_log, incident.Id, incident.Host, incident.User, verdict, incident.Score, decision.Suspend ? "suspend" : "no action", decision.Reason);
        _incidents.AddAction(incident, new IncidentAction(now, "decision", "policy",
            $"{DecisionPrefix(incident.Verdict)}score {incident.Score}): {(decision.Suspend ? "suspend" : "no action")}, {decision.Reason}"));
        if (decision.Suspend)
        {
            await IssueAsync(incident, CommandKind.Suspend, "policy", "automatic suspension: " + decision.Reason, cancellationToken);
        }
    }

    private async Task<IncidentAction> IssueAsync(Incident incident, CommandKind kind, string by, string detail, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var command = new Command
        {
            Id = Guid.NewGuid().ToString("N"),
            Kind = kind,
            Target = new ProcessKey { Pid = incident.RootPid, StartTicks = incident.RootStartTicks },
            Scope = CommandScope.Tree,
            IncidentId = incident.Id,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now + _options.CommandTimeToLive),
            IssuedBy = by,
        };
        var action = new IncidentAction(now, kind.ToString().ToLowerInvariant(), by, detail, command.Id);
        var issued = new Issued(incident.Host, incident, action, command);
        _commands[command.Id] = issued;
        // Written before it is sent: a result that comes after a restart still finds its action.
        _incidents.AddAction(incident, action);
        if (!await TrySendAsync(issued, cancellationToken))
        {
            _pending.GetOrAdd(incident.Host, _ => new ConcurrentQueue<Issued>()).Enqueue(issued);
            SetStatus(action, "pending");
            ResponseLog.CommandPending(_log, command.Id, command.Kind.ToString(), incident.Host, incident.Id);
        }
        return action;
    }

    private async Task<bool> TrySendAsync(Issued issued, CancellationToken cancellationToken)
    {
        if (_hosts.Session(issued.Host) is not { } session)
        {
            return false;
        }
        try
        {
            await session.SendAsync(new CollectorMessage { Command = issued.Command }, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            return false;
        }
        SetStatus(issued.Action, "sent");
        ResponseLog.CommandSent(_log, issued.Command.Id, issued.Command.Kind.ToString(), issued.Host, issued.Incident.Id,
            issued.Command.Target.Pid, issued.Action.By);
        return true;
    }

    public async Task OnConnectedAsync(HostSession session, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(session.State.Host, out var queue))
        {
            return;
        }
        var now = _time.GetUtcNow();
        while (queue.TryDequeue(out var issued))
        {
            if (issued.Command.ExpiresAt.ToDateTimeOffset() <= now)
            {
                Expire(issued);
            }
            else if (!await TrySendAsync(issued, cancellationToken))
            {
                queue.Enqueue(issued);
                return;
            }
        }
    }

    public void OnCommandResult(string host, CommandResult result)
    {
        if (!_commands.TryGetValue(result.CommandId, out var issued) || !string.Equals(issued.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            ResponseLog.UnknownCommand(_log, host, result.CommandId);
            return;
        }
        var incident = issued.Incident;
        _incidents.ChangeAction(issued.Action, action =>
        {
            foreach (var p in result.Processes)
            {
                action.Outcomes.Add(string.Create(CultureInfo.InvariantCulture, $"{p.Pid} {p.Comm} {p.Outcome}"));
            }
            if (result.Status != CommandStatus.Update)
            {
                action.Status = result.Status.ToString().ToLowerInvariant();
                action.Reason = result.Reason;
                action.Method = result.Method;
                action.CompletedAt = result.Time?.ToDateTimeOffset() ?? _time.GetUtcNow();
            }
        });
        // The hostmasters' verdict (closed, false positive) is final: a command's result, such as
        // the resume that a false positive orders, does not reopen the incident.
        if (result.Status == CommandStatus.Done && incident.Status is not (IncidentStatus.Closed or IncidentStatus.FalsePositive))
        {
            _incidents.SetStatus(incident, issued.Command.Kind switch
            {
                CommandKind.Suspend => IncidentStatus.Suspended,
                CommandKind.Resume => IncidentStatus.Resumed,
                CommandKind.Kill => IncidentStatus.Killed,
                _ => incident.Status,
            });
        }
        ResponseLog.Result(_log, result.CommandId, issued.Command.Kind.ToString(), host, incident.Id, result.Status.ToString(), result.Reason, result.Method);
    }

    public void OnEvidence(string host, EvidenceBundle bundle)
    {
        if (!_commands.TryGetValue(bundle.CommandId, out var issued) || !string.Equals(issued.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            ResponseLog.UnknownCommand(_log, host, bundle.CommandId);
            return;
        }
        var stored = _evidence.Begin(issued.Incident, bundle);
        _incidents.AddEvidence(issued.Incident, stored);
        ResponseLog.Evidence(_log, issued.Incident.Id, host, bundle.Process.Pid, bundle.ExeSha256, stored.Directory);
    }

    public void OnEvidenceChunk(string host, EvidenceChunk chunk)
    {
        if (_commands.TryGetValue(chunk.CommandId, out var issued) && string.Equals(issued.Host, host, StringComparison.OrdinalIgnoreCase)
            && _evidence.Append(chunk) is { } complete)
        {
            _incidents.EvidenceChanged(complete);
            ResponseLog.EvidenceCopy(_log, issued.Incident.Id, complete.CopyReceived, complete.CopyVerified == true);
        }
    }

    private async Task SweepAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = _time.GetUtcNow();
            foreach (var (_, queue) in _pending)
            {
                int count = queue.Count;
                for (int i = 0; i < count && queue.TryDequeue(out var issued); i++)
                {
                    if (issued.Command.ExpiresAt.ToDateTimeOffset() <= now)
                    {
                        Expire(issued);
                    }
                    else
                    {
                        queue.Enqueue(issued);
                    }
                }
            }
        }
    }

    private void Expire(Issued issued)
    {
        _incidents.ChangeAction(issued.Action, action =>
        {
            action.Status = "expired";
            action.Reason = $"the host was not connected within {_options.CommandTimeToLive}";
            action.CompletedAt = _time.GetUtcNow();
        });
        ResponseLog.CommandExpired(_log, issued.Command.Id, issued.Command.Kind.ToString(), issued.Host, issued.Incident.Id);
    }

    private void SetStatus(IncidentAction action, string status) => _incidents.ChangeAction(action, a => a.Status = status);

    private sealed record Issued(string Host, Incident Incident, IncidentAction Action, Command Command);
}
