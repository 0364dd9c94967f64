namespace HsGuard.Collector.Members;

/// <summary>
/// The users one member owns, as <see cref="MemberDirectory.Resolve"/> decides it, in the terms a
/// database query needs to select their incidents without asking the directory per incident: the
/// database's entries are in the database already; the members file's entries and the naming rule
/// are carried here. The order is the directory's: a database entry (this host, then '*'), else a
/// file entry (this host, then '*'), else the package the name points to.
/// </summary>
/// <param name="FileOwned">The file's entries for this host naming the member, as keys (<see cref="Key"/>).</param>
/// <param name="FileAnswered">Every one of the file's entries for one host, of any member, as keys.</param>
/// <param name="StarOwned">Users the file gives to the member on every host ('*').</param>
/// <param name="StarAnswered">Users the file has an every-host entry for, of any member.</param>
/// <param name="ByPackage">Whether users named after the member's package (xyz00, xyz00-...) are its
/// when nothing else answers: the naming rule is on and the member's name is a package's.</param>
public sealed record MemberScope(
    string Member,
    IReadOnlyCollection<string> FileOwned,
    IReadOnlyCollection<string> FileAnswered,
    IReadOnlyCollection<string> StarOwned,
    IReadOnlyCollection<string> StarAnswered,
    bool ByPackage)
{
    /// <summary>A host and user as one value: the host in lower case (hosts compare without case),
    /// a space (in neither a host's nor a user's name), the user.</summary>
    public static string Key(string host, string user) => host.ToLowerInvariant() + " " + user;
}
