namespace HsGuard.Collector.Notifications.Templates;

/// <summary>The placeholders a notice template may use; what each stands for is written in
/// templates/README.md and filled in by <see cref="NoticeValues"/>.</summary>
internal static class NoticePlaceholders
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "incident.id", "incident.url", "host", "user", "uid", "package",
        "member", "member.name", "member.display_name", "member.warning",
        "verdict", "severity", "score", "status", "stage",
        "signals", "rules", "findings",
        "offender.pid", "offender.comm", "offender.exe",
        "opened_at", "detected_at", "first_seen",
        "processes", "method", "resolution",
        "hostmaster.contact",
    };

    /// <summary>What a member's notice cannot be without: where, and whom to ask.</summary>
    public static readonly string[] RequiredForMembers = ["host", "user", "hostmaster.contact"];

    /// <summary>What a hostmaster's alert cannot be without, including whether the member is known.</summary>
    public static readonly string[] RequiredForHostmasters = ["incident.id", "host", "user", "member"];
}
