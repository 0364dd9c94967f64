namespace HsGuard.Collector.Web.Api;

/// <summary>POST /api/incidents/{id}/close: why, kept with the action.</summary>
internal sealed class CloseRequest
{
    public string? Reason { get; set; }
}
