namespace HsGuard.Collector.Detection.Incidents;

/// <summary>
/// Where incidents are written as they change, before the change is acted on (the batch that
/// caused it is acknowledged, the command is sent): the collector's store. Called under the
/// incident book's lock, so changes of one incident are written in order.
/// </summary>
public interface IIncidentJournal
{
    /// <summary>Writes a new incident; returns its id.</summary>
    long Create(Incident incident);

    /// <summary>Writes the incident's current state and the findings that are new or changed.</summary>
    void Save(Incident incident, IReadOnlyCollection<Finding> findings);

    void AddAction(Incident incident, IncidentAction action);

    void UpdateAction(IncidentAction action);

    void AddEvidence(Incident incident, StoredEvidence evidence);

    void UpdateEvidence(StoredEvidence evidence);
}
