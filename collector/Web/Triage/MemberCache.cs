using HsGuard.Collector.Members;

namespace HsGuard.Collector.Web.Triage;

/// <summary>The member directory's answers for one request: a list names the same users many
/// times, and a lookup may ask the database.</summary>
internal sealed class MemberCache(MemberDirectory directory)
{
    private readonly Dictionary<(string Host, string User), MemberLookup> _lookups = [];

    /// <summary>The member who owns the user (by the directory's entry, else by the package its
    /// name names); null when unknown. The rule a list's member filter applies in SQL.</summary>
    public string? Member(string host, string user) => Lookup(host, user).Owner;

    /// <summary>Where the member's notices go; empty when unknown.</summary>
    public IReadOnlyList<string> Recipients(string host, string user) => Lookup(host, user).Member?.Emails ?? [];

    private MemberLookup Lookup(string host, string user)
    {
        if (!_lookups.TryGetValue((host, user), out var lookup))
        {
            _lookups[(host, user)] = lookup = directory.Resolve(host, user);
        }
        return lookup;
    }
}
