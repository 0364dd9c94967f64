namespace HsGuard.Collector.Detection.Incidents;

/// <summary>
/// Something done about an incident: a decision of the response policy (acted on or not, and
/// why), a command sent to the agent and what became of it, and later the hostmasters' own acts.
/// </summary>
public sealed class IncidentAction
{
    public IncidentAction(DateTimeOffset time, string kind, string by, string detail, string? commandId = null)
    {
        Time = time;
        Kind = kind;
        By = by;
        Detail = detail;
        CommandId = commandId;
    }

    /// <summary>Given by the store.</summary>
    public long Id { get; internal set; }

    public DateTimeOffset Time { get; }

    /// <summary>"decision", "suspend", "resume", "kill", ...</summary>
    public string Kind { get; }

    /// <summary>"policy", or the hostmaster who acted.</summary>
    public string By { get; }

    public string Detail { get; }

    public string? CommandId { get; }

    /// <summary>The command's state: "sent", "pending" (host away), "expired", or the agent's
    /// status (done, refused, gone, failed).</summary>
    public string? Status { get; internal set; }

    public DateTimeOffset? CompletedAt { get; internal set; }

    /// <summary>The agent's reason, when it gave one.</summary>
    public string? Reason { get; internal set; }

    /// <summary>How the suspension holds (cgroup freezer, SIGSTOP).</summary>
    public string? Method { get; internal set; }

    /// <summary>What became of each process ("4242 kthreaddi frozen").</summary>
    public List<string> Outcomes { get; } = [];
}
