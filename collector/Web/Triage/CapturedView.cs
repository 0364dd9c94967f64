namespace HsGuard.Collector.Web.Triage;

/// <summary>An evidence bundle the agent captured at a suspension, and where the collector keeps it.</summary>
public sealed record CapturedView(int Pid, string Exe, string ExeSha256, string Directory, string? ExecutableCopy, bool? CopyVerified);
