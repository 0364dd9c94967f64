using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Enforcement;

/// <summary>What was captured of a suspended process: the bundle, the copy of its executable in
/// chunks that follow the bundle, and the executable's identity (to recognise a restarted copy).</summary>
internal sealed record EvidenceCapture(EvidenceBundle Bundle, IReadOnlyList<EvidenceChunk> Chunks, SuspectExecutable? Executable);
