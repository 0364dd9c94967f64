namespace HsGuard.Agent.Enforcement;

/// <summary>A process's descendants in a listing of /proc, found through each process's parent
/// pid (field 4 of stat).</summary>
internal static class ProcessTree
{
    /// <summary>The process (pid, start time) and its descendants, parents before their children
    /// (breadth first), so that a parent is held before it could fork again. Empty when the
    /// listing does not hold that process.</summary>
    public static List<ProcessFacts> TopDown(IReadOnlyList<ProcessFacts> listing, int pid, ulong startTicks)
    {
        var result = new List<ProcessFacts>();
        var children = listing.ToLookup(p => p.ParentPid);
        foreach (var p in listing)
        {
            if (p.Pid == pid && p.StartTicks == startTicks)
            {
                result.Add(p);
                break;
            }
        }
        var seen = new HashSet<int> { pid };
        for (int i = 0; i < result.Count; i++)
        {
            foreach (var child in children[result[i].Pid])
            {
                // A child started after its parent; a pid seen twice would be a listing torn by reuse.
                if (child.StartTicks >= result[i].StartTicks && seen.Add(child.Pid))
                {
                    result.Add(child);
                }
            }
        }
        return result;
    }
}
