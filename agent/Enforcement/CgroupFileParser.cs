namespace HsGuard.Agent.Enforcement;

/// <summary>
/// /proc/PID/cgroup (cgroups(7), "/proc/[pid]/cgroup"): one line a hierarchy,
/// "hierarchy-ID:controller-list:cgroup-path". The cgroup v2 hierarchy is the line "0::/path"; a
/// v1 hierarchy lists its controllers, comma-separated ("6:freezer:/path",
/// "4:cpu,cpuacct:/path"). The path is relative to the hierarchy's root and may hold ':'.
/// </summary>
internal static class CgroupFileParser
{
    /// <summary>The process's cgroup in the v2 hierarchy (<paramref name="v1Controller"/> null)
    /// or in the v1 hierarchy that has that controller; null when there is none.</summary>
    public static string? FindPath(string text, string? v1Controller)
    {
        foreach (string line in text.Split('\n'))
        {
            int first = line.IndexOf(':', StringComparison.Ordinal);
            int second = first < 0 ? -1 : line.IndexOf(':', first + 1);
            if (second < 0)
            {
                continue;
            }
            string id = line[..first];
            string controllers = line[(first + 1)..second];
            string path = line[(second + 1)..];
            bool match = v1Controller is null
                ? id == "0" && controllers.Length == 0
                : controllers.Split(',').Contains(v1Controller, StringComparer.Ordinal);
            if (match && path.StartsWith('/'))
            {
                return path;
            }
        }
        return null;
    }
}
