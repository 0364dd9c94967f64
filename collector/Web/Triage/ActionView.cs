using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Web.Triage;

/// <summary>Something done about an incident, by the policy or a hostmaster, and what became of it.</summary>
/// <param name="Status">A command's state: sent, pending, expired, done, refused, gone, failed (null for a record).</param>
public sealed record ActionView(
    long Id,
    DateTimeOffset Time,
    string Kind,
    string By,
    string Detail,
    string? Status,
    DateTimeOffset? CompletedAt,
    string? Reason,
    string? Method,
    IReadOnlyList<string> Outcomes)
{
    /// <summary>A copy of <paramref name="a"/>; take it under the incident book's lock.</summary>
    internal static ActionView Of(IncidentAction a) =>
        new(a.Id, a.Time, a.Kind, a.By, a.Detail, a.Status, a.CompletedAt, a.Reason, a.Method, [.. a.Outcomes]);
}
