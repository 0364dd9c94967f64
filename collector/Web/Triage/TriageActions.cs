using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Notifications;
using HsGuard.Collector.Response;
using HsGuard.Collector.Store;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Web.Triage;

/// <summary>
/// What hostmasters do about incidents, for the web UI, the API and the command line alike: resume
/// and kill go to the agent through the response; a false positive becomes an allow entry that
/// detection honours from the next batch on (and a suspended tree is resumed); the member can be
/// told again through the outbox; an incident is closed. Each act is recorded on the incident with
/// who did it. Members act on nothing.
/// </summary>
internal sealed class TriageActions
{
    private readonly TriageQueries _queries;
    private readonly IncidentBook _book;
    private readonly IncidentStore _store;
    private readonly ResponseService _response;
    private readonly AllowList _allowed;
    private readonly OutboxSender _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<TriageActions> _log;

    public TriageActions(TriageQueries queries, IncidentBook book, IncidentStore store, ResponseService response, AllowList allowed,
        OutboxSender outbox, TimeProvider time, ILogger<TriageActions> log)
    {
        _queries = queries;
        _book = book;
        _store = store;
        _response = response;
        _allowed = allowed;
        _outbox = outbox;
        _time = time;
        _log = log;
    }

    public Task<TriageResult> ResumeAsync(long id, Viewer viewer, CancellationToken cancellationToken) =>
        CommandAsync(id, viewer, CommandKind.Resume, cancellationToken);

    public Task<TriageResult> KillAsync(long id, Viewer viewer, CancellationToken cancellationToken) =>
        CommandAsync(id, viewer, CommandKind.Kill, cancellationToken);

    /// <summary>Judges the incident a false positive: an allow entry for its user running its
    /// offender's executable (or for the user's user-wide findings, when it has no process) on its
    /// host, or on every host; a suspended tree is resumed.</summary>
    public async Task<TriageResult> FalsePositiveAsync(long id, Viewer viewer, string? reason, bool anyHost, CancellationToken cancellationToken)
    {
        if (Check(id, viewer) is { } refused)
        {
            return refused;
        }
        var (incident, live) = _queries.Find(id);
        var (status, rootPid, exe) = _book.Read(() => (incident!.Status, incident.RootPid, incident.OffenderExe));
        if (status == IncidentStatus.FalsePositive)
        {
            return TriageResult.Conflict($"incident {id} is already a false positive");
        }
        var now = _time.GetUtcNow();
        var entry = _store.AddAllowEntry(new AllowEntry(0, anyHost ? null : incident!.Host, incident!.User, rootPid == 0 || exe.Length == 0 ? null : exe,
            string.IsNullOrWhiteSpace(reason) ? $"false positive (incident {id})" : reason.Trim(), viewer.Name, now, id));
        _allowed.Add(entry);
        var action = Record(incident, "false-positive", viewer, $"allow entry {entry.Id}: {Describe(entry)}; {entry.Reason}");
        _book.SetStatus(incident, IncidentStatus.FalsePositive);
        TriageLog.FalsePositive(_log, id, viewer.Name, entry.Id, Describe(entry));
        if (live && status == IncidentStatus.Suspended && rootPid != 0)
        {
            await _response.RequestAsync(id, CommandKind.Resume, viewer.Name, cancellationToken);
        }
        return new TriageResult(TriageOutcome.Done, Action: action, Allow: entry);
    }

    /// <summary>Revokes an allow entry: what it allowed is flagged again from the next batch on.</summary>
    public TriageResult RevokeAllow(long entryId, Viewer viewer)
    {
        if (!viewer.IsHostmaster)
        {
            return TriageResult.Forbidden;
        }
        var entry = _allowed.Entries.FirstOrDefault(e => e.Id == entryId);
        if (entry is null || !_store.RemoveAllowEntry(entryId))
        {
            return TriageResult.NotFound($"no allow entry {entryId}");
        }
        _allowed.Remove(entryId);
        ActionView? action = null;
        if (entry.IncidentId is { } incidentId && _queries.Find(incidentId).Incident is { } incident)
        {
            action = Record(incident, "allow-revoked", viewer, $"allow entry {entry.Id} revoked: {Describe(entry)}");
        }
        TriageLog.AllowRevoked(_log, entryId, viewer.Name, Describe(entry));
        return new TriageResult(TriageOutcome.Done, Action: action, Allow: entry);
    }

    /// <summary>Sends the member's latest notice about the incident again, through the outbox.</summary>
    public TriageResult NotifyAgain(long id, Viewer viewer)
    {
        if (Check(id, viewer) is { } refused)
        {
            return refused;
        }
        var incident = _queries.Find(id).Incident!;
        var recipients = _queries.MemberResolver().Recipients(incident.Host, incident.User);
        if (recipients.Count == 0)
        {
            return TriageResult.Conflict($"no member with an e-mail address is known for {incident.User} on {incident.Host}");
        }
        int queued = _store.ResendNotices(id, recipients, _time.GetUtcNow());
        if (queued == 0)
        {
            return TriageResult.Conflict(
                $"the member was not told about incident {id} yet (a record-only verdict, e-mail off, or response mode Observe): there is nothing to send again");
        }
        _outbox.Wake();
        var action = Record(incident, "notify", viewer, $"the member's latest notice sent again to {string.Join(", ", recipients)}");
        TriageLog.NotifiedAgain(_log, id, viewer.Name, queued);
        return new TriageResult(TriageOutcome.Done, Action: action);
    }

    /// <summary>Closes the incident (dealt with); its processes are left as they are.</summary>
    public TriageResult Close(long id, Viewer viewer, string? reason)
    {
        if (Check(id, viewer) is { } refused)
        {
            return refused;
        }
        var incident = _queries.Find(id).Incident!;
        var status = _book.Read(() => incident.Status);
        if (!TriageText.IsOpen(status))
        {
            return TriageResult.Conflict($"incident {id} is already {TriageText.Word(status)}");
        }
        var action = Record(incident, "close", viewer, string.IsNullOrWhiteSpace(reason) ? "closed" : "closed: " + reason.Trim());
        _book.SetStatus(incident, IncidentStatus.Closed);
        TriageLog.Closed(_log, id, viewer.Name);
        return new TriageResult(TriageOutcome.Done, Action: action);
    }

    private async Task<TriageResult> CommandAsync(long id, Viewer viewer, CommandKind kind, CancellationToken cancellationToken)
    {
        if (Check(id, viewer) is { } refused)
        {
            return refused;
        }
        if (!_queries.Find(id).Live)
        {
            return TriageResult.Conflict($"incident {id} is no longer held in memory (its processes exited long ago): there is nothing to {Word(kind)}");
        }
        var (action, refusal) = await _response.RequestAsync(id, kind, viewer.Name, cancellationToken);
        if (action is null)
        {
            return TriageResult.Conflict(refusal!);
        }
        TriageLog.Ordered(_log, Word(kind), id, viewer.Name);
        return new TriageResult(TriageOutcome.Done, Action: _book.Read(() => ActionView.Of(action)));
    }

    /// <summary>Whether the viewer may act on the incident: not found (also for a member, who sees
    /// nothing of another's), or forbidden (a member's own).</summary>
    private TriageResult? Check(long id, Viewer viewer)
    {
        if (viewer.IsHostmaster)
        {
            return _queries.Find(id).Incident is null ? TriageResult.NotFound($"no incident {id}") : null;
        }
        return _queries.Incident(id, viewer) is null ? TriageResult.NotFound($"no incident {id}") : TriageResult.Forbidden;
    }

    private ActionView Record(Incident incident, string kind, Viewer viewer, string detail)
    {
        var action = new IncidentAction(_time.GetUtcNow(), kind, viewer.Name, detail);
        _book.AddAction(incident, action);
        return _book.Read(() => ActionView.Of(action));
    }

    private static string Word(CommandKind kind) => kind.ToString().ToLowerInvariant();

    private static string Describe(AllowEntry e) =>
        $"user {e.User}{(e.Executable is null ? " (user-wide findings)" : " running " + e.Executable)} on {e.Host ?? "every host"}";
}
