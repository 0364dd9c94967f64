using System.Security.Claims;
using HsGuard.Collector.Web.Accounts;

namespace HsGuard.Collector.Web.Triage;

/// <summary>Who is looking: a hostmaster sees everything and acts; a member sees the incidents and
/// users of its own member only, and acts on nothing.</summary>
public sealed record Viewer(string Name, bool IsHostmaster, string? Member)
{
    public static Viewer Of(ClaimsPrincipal user) => new(user.Identity?.Name ?? "", user.IsHostmaster(), user.MemberScope());

    /// <summary>Whether this viewer may see what belongs to <paramref name="member"/> (null: no member known).</summary>
    public bool MaySee(string? member) => IsHostmaster || (Member is { Length: > 0 } && string.Equals(member, Member, StringComparison.Ordinal));
}
