using System.Text.Json.Serialization;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// One incident's suspension, held until a hostmaster releases it (RESUME) or ends it (KILL):
/// the user whose processes it holds, the executables that make a newcomer of that user join, and
/// its members. Owned by the <see cref="Enforcer"/>'s one loop; also what the state file holds.
/// </summary>
internal sealed class Suspension
{
    public required long IncidentId { get; init; }

    /// <summary>The SUSPEND command that began it: later news (UPDATE) carries its id.</summary>
    public required string CommandId { get; init; }

    public required uint Uid { get; init; }

    public List<SuspectExecutable> Executables { get; init; } = [];

    /// <summary>By pid; a pid that turns out reused is a member gone.</summary>
    public Dictionary<int, SuspensionMember> Members { get; init; } = [];

    /// <summary>Newcomers that matched but are protected, reported once: (pid, start time).</summary>
    [JsonIgnore]
    public HashSet<(int Pid, ulong StartTicks)> Refused { get; } = [];

    public bool Holds(int pid, ulong startTicks) =>
        Members.TryGetValue(pid, out var member) && member.StartTicks == startTicks;

    /// <summary>The cgroup's directory name under the agent's parent cgroup.</summary>
    [JsonIgnore]
    public string CgroupName => CgroupNameOf(IncidentId);

    public static string CgroupNameOf(long incidentId) =>
        "incident-" + incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
