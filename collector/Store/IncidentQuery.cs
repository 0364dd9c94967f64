using HsGuard.Collector.Members;

namespace HsGuard.Collector.Store;

/// <summary>
/// One page of a list of incidents, newest first, every filter applied by the database: a page is
/// the incidents just older than <paramref name="Before"/> (or just newer than
/// <paramref name="After"/>; neither: the newest). An id is a stable cursor: ids only grow, so a
/// new incident never moves a page further down.
/// </summary>
/// <param name="Host">This host's only (without case).</param>
/// <param name="User">This user's only.</param>
/// <param name="Severities">These severities only (upper case); null for any.</param>
/// <param name="Status">This status only (its name, "Suspended"); null for any.</param>
/// <param name="OpenOnly">Neither closed nor false positives.</param>
/// <param name="Members">Each member here owns the incident's user (all of them: a member filter and the viewer's own member).</param>
internal sealed record IncidentQuery(
    string? Host = null,
    string? User = null,
    IReadOnlyCollection<string>? Severities = null,
    string? Status = null,
    bool OpenOnly = false,
    IReadOnlyList<MemberScope>? Members = null,
    long? Before = null,
    long? After = null,
    int Limit = 200);
