using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Enforcement;

/// <summary>What a hold, a re-assertion or a kill did: an outcome a process it reached, and notes
/// that become the result's reason.</summary>
internal sealed class HoldReport
{
    public List<ProcessOutcome> Processes { get; } = [];

    public List<string> Notes { get; } = [];

    public bool IsEmpty => Processes.Count == 0;

    public void Add(in ProcessFacts process, string outcome, string? note = null)
    {
        Processes.Add(process.Outcome(outcome));
        if (note is not null)
        {
            Notes.Add(note);
        }
    }

    public string Reason => string.Join("; ", Notes);
}
