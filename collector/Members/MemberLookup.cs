namespace HsGuard.Collector.Members;

/// <summary>Who owns a user on a host, and by which entry the directory knows it.</summary>
/// <param name="Member">The member, or null when no member is known: only the hostmasters are told.</param>
/// <param name="Package">The package the user's name points to (Hostsharing naming), if any.</param>
/// <param name="How">Where the answer came from ("members.yaml:12", "database", "Hostsharing name xyz00",
/// "address template"), or why there is none.</param>
public sealed record MemberLookup(Member? Member, string? Package, string How)
{
    public bool Known => Member is not null;

    /// <summary>The name of the member the user belongs to: the explicit entry's member (even when
    /// it has no contacts), else the package; null when neither. What lists show and what a
    /// member's view is cut by (the same rule as <see cref="MemberScope"/>, in SQL).</summary>
    public string? Owner { get; init; } = Member?.Name ?? Package;
}
