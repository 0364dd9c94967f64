namespace HsGuard.Collector.Detection.Allow;

/// <summary>
/// Something hostmasters judged harmless (a false positive): the processes of <see cref="User"/>
/// running <see cref="Executable"/> on <see cref="Host"/> are not flagged. A null executable
/// allows the user's user-wide findings (the learned baseline), not its processes; a null host
/// stands for every host.
/// </summary>
public sealed record AllowEntry(
    long Id,
    string? Host,
    string User,
    string? Executable,
    string Reason,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long? IncidentId)
{
    public bool Covers(string host, string user, string? executable) =>
        string.Equals(User, user, StringComparison.Ordinal)
        && (Host is null || string.Equals(Host, host, StringComparison.OrdinalIgnoreCase))
        && string.Equals(Executable, executable, StringComparison.Ordinal);
}
