namespace HsGuard.Collector.Response;

/// <summary>What the policy decided about an incident, and why (logged and kept on the incident).</summary>
public sealed record ResponseDecision(bool Suspend, string Reason);
