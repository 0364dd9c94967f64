using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Detection.Incidents;

/// <summary>An evidence bundle the agent sent, and where the collector keeps it and the
/// executable's copy.</summary>
public sealed class StoredEvidence
{
    public StoredEvidence(EvidenceBundle bundle, string directory)
    {
        Bundle = bundle;
        Directory = directory;
    }

    /// <summary>Given by the store.</summary>
    public long Id { get; internal set; }

    public EvidenceBundle Bundle { get; }

    public string Directory { get; }

    /// <summary>The executable's copy, once complete.</summary>
    public string? ExecutableCopy { get; internal set; }

    /// <summary>Bytes of the copy received so far.</summary>
    public long CopyReceived { get; internal set; }

    /// <summary>Whether the copy's SHA-256 equals the one the agent computed over the whole file
    /// (false too for a copy cut at the agent's cap).</summary>
    public bool? CopyVerified { get; internal set; }
}
