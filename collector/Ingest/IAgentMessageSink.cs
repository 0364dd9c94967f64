using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>Where the agents' messages that are not samples go (the response): results of
/// commands and captured evidence; told too when a host's call is ready for commands.</summary>
internal interface IAgentMessageSink
{
    Task OnConnectedAsync(HostSession session, CancellationToken cancellationToken);

    void OnCommandResult(string host, CommandResult result);

    void OnEvidence(string host, EvidenceBundle bundle);

    void OnEvidenceChunk(string host, EvidenceChunk chunk);
}
