namespace HsGuard.Collector.Members;

/// <summary>An explicit entry: <paramref name="User"/> on <paramref name="Host"/> ("*": every
/// host) belongs to <paramref name="Member"/>; <paramref name="Where"/> says where it is written.</summary>
public sealed record MemberUser(string Host, string User, string Member, string Where)
{
    public const string AnyHost = "*";
}
