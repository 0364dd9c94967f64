namespace HsGuard.Collector.Members;

/// <summary>The members and explicit user entries of one source (the file, or the database).
/// Host names compare without case, user names with (as Linux does).</summary>
internal sealed class MemberList
{
    public static readonly MemberList Empty = new();

    public Dictionary<string, Member> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each member is defined ("members.yaml:3").</summary>
    public Dictionary<string, string> MemberWhere { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Host, string User), MemberUser> Users { get; } = new(HostUserComparer.Instance);

    /// <summary>The entry for the user on this host, else on every host ("*").</summary>
    public MemberUser? Find(string host, string user) =>
        Users.GetValueOrDefault((host, user)) ?? Users.GetValueOrDefault((MemberUser.AnyHost, user));

    private sealed class HostUserComparer : IEqualityComparer<(string Host, string User)>
    {
        public static readonly HostUserComparer Instance = new();

        public bool Equals((string Host, string User) x, (string Host, string User) y) =>
            string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) && string.Equals(x.User, y.User, StringComparison.Ordinal);

        public int GetHashCode((string Host, string User) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Host), StringComparer.Ordinal.GetHashCode(key.User));
    }
}
