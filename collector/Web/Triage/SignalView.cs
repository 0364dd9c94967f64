namespace HsGuard.Collector.Web.Triage;

/// <summary>A rule that fired in an incident and why: its description, and its output then (the
/// facts it saw).</summary>
public sealed record SignalView(
    string Rule,
    string Description,
    int Weight,
    string Priority,
    IReadOnlyList<string> Tags,
    int Pid,
    string Output,
    DateTimeOffset FirstFired,
    DateTimeOffset LastFired,
    int Times);
