namespace HsGuard.Agent.Enforcement;

/// <summary>What the state file holds: the boot the pids and start times belong to, and the
/// active suspensions.</summary>
internal sealed class SuspensionState
{
    public string BootId { get; set; } = "";

    public List<Suspension> Suspensions { get; set; } = [];
}
