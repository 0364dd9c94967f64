using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// The active suspensions, one an incident, kept in the state file after every change. At start
/// it takes up those of a previous run: from the state file, and (with a freezer) from the agent's
/// cgroups, which hold even when the file was lost. After a reboot the file's pids name nothing:
/// the suspensions stay, empty, and take in a miner that a crontab's @reboot started again.
/// </summary>
internal sealed class SuspensionBook
{
    private readonly Dictionary<long, Suspension> _suspensions = [];
    private readonly SuspensionStore _store;
    private readonly string _bootId;
    private readonly ILogger _log;

    public SuspensionBook(string stateFile, string bootId, ILogger log)
    {
        _store = new SuspensionStore(stateFile, log);
        _bootId = bootId;
        _log = log;
    }

    public IReadOnlyDictionary<long, Suspension> All => _suspensions;

    public int Count => _suspensions.Count;

    public bool TryGet(long incidentId, [MaybeNullWhen(false)] out Suspension suspension) =>
        _suspensions.TryGetValue(incidentId, out suspension);

    public void Add(Suspension suspension) => _suspensions[suspension.IncidentId] = suspension;

    public void Remove(Suspension suspension)
    {
        _suspensions.Remove(suspension.IncidentId);
        Save();
    }

    public void Restore(ISuspensionMethod method, ProcessReader reader)
    {
        var state = _store.Load();
        foreach (var suspension in state.Suspensions)
        {
            if (state.BootId != _bootId)
            {
                suspension.Members.Clear();
            }
            _suspensions[suspension.IncidentId] = suspension;
        }
        foreach (var (incident, pids) in method.Discover())
        {
            foreach (int pid in pids)
            {
                if (!reader.TryRead(pid, out var p))
                {
                    continue;
                }
                if (!_suspensions.TryGetValue(incident, out var suspension))
                {
                    // The cgroup without the file: the suspension is rebuilt from what it holds.
                    suspension = new Suspension { IncidentId = incident, CommandId = "", Uid = p.Uid };
                    _suspensions[incident] = suspension;
                }
                suspension.Members.TryAdd(pid, new SuspensionMember(pid, p.StartTicks, p.Comm, null));
            }
        }
        if (_suspensions.Count > 0)
        {
            EnforcementLog.Restored(_log, _suspensions.Count, string.Join(", ", _suspensions.Keys));
            Save();
        }
    }

    public void Save() => _store.Save(new SuspensionState { BootId = _bootId, Suspensions = [.. _suspensions.Values] });
}
