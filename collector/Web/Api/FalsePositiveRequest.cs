namespace HsGuard.Collector.Web.Api;

/// <summary>POST /api/incidents/{id}/false-positive: why (kept with the allow entry), and whether
/// the entry holds on every host rather than the incident's.</summary>
internal sealed class FalsePositiveRequest
{
    public string? Reason { get; set; }

    public bool AnyHost { get; set; }
}
