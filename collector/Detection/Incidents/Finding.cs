namespace HsGuard.Collector.Detection.Incidents;

/// <summary>One rule that fired within an incident: on which process first, when, and what its
/// output said then.</summary>
public sealed class Finding
{
    public Finding(string rule, int weight, string priority, IReadOnlyList<string> tags, int pid, ulong startTicks, string output, DateTimeOffset firstFired)
    {
        Rule = rule;
        Weight = weight;
        Priority = priority;
        Tags = tags;
        Pid = pid;
        StartTicks = startTicks;
        Output = output;
        FirstFired = firstFired;
        LastFired = firstFired;
    }

    public string Rule { get; }

    public int Weight { get; }

    public string Priority { get; }

    public IReadOnlyList<string> Tags { get; }

    /// <summary>The process it first fired on (0 for a rule about the user).</summary>
    public int Pid { get; }

    public ulong StartTicks { get; }

    public string Output { get; }

    public DateTimeOffset FirstFired { get; }

    public DateTimeOffset LastFired { get; internal set; }

    public int Times { get; internal set; } = 1;
}
