using System.Security.Claims;

namespace HsGuard.Collector.Web.Accounts;

/// <summary>An account as the request's user: its name, its role and, for a member, which member.</summary>
public static class Principals
{
    public const string MemberClaim = "hsguard:member";
    public const string HostmasterPolicy = "hostmaster";
    public const string ReaderPolicy = "reader";
    /// <summary>Hostmasters and monitor accounts (a Prometheus server's token): /metrics.</summary>
    public const string MetricsPolicy = "metrics";

    public static ClaimsPrincipal Of(Account account, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.Name),
            new(ClaimTypes.Role, account.Role.ToString().ToLowerInvariant()),
        };
        if (account.Member is not null)
        {
            claims.Add(new Claim(MemberClaim, account.Member));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static bool IsHostmaster(this ClaimsPrincipal user) => user.IsInRole("hostmaster");

    /// <summary>The member a member account may see; null for a hostmaster (sees all).</summary>
    public static string? MemberScope(this ClaimsPrincipal user) => user.IsHostmaster() ? null : user.FindFirstValue(MemberClaim) ?? "";
}
