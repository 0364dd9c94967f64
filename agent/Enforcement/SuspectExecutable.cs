namespace HsGuard.Agent.Enforcement;

/// <summary>The executable of a suspended target: a new process of the same user that runs it
/// (same path, or same size and SHA-256 under another path) joins the suspension.</summary>
internal sealed record SuspectExecutable(string Path, long Size, string Sha256);
