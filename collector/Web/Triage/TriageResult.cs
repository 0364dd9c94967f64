using HsGuard.Collector.Detection.Allow;

namespace HsGuard.Collector.Web.Triage;

/// <summary>How an act ended: done (with the action recorded on the incident, and the allow entry
/// it made), or refused with the reason.</summary>
public sealed record TriageResult(TriageOutcome Outcome, string? Message = null, ActionView? Action = null, AllowEntry? Allow = null)
{
    public static TriageResult NotFound(string what) => new(TriageOutcome.NotFound, what);

    public static TriageResult Forbidden { get; } = new(TriageOutcome.Forbidden, "only hostmasters act on incidents");

    public static TriageResult Conflict(string why) => new(TriageOutcome.Conflict, why);
}

public enum TriageOutcome
{
    Done,
    /// <summary>No incident (or entry) of that id, or none the viewer may see.</summary>
    NotFound,
    /// <summary>The viewer may not act.</summary>
    Forbidden,
    /// <summary>The incident's state does not allow it (no process tree, memory let go of it, already closed).</summary>
    Conflict,
}
