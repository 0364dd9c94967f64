namespace HsGuard.Collector.Web.Accounts;

/// <summary>A person (or script) who may use the web UI and API: a hostmaster, or a member who
/// sees its own incidents. Passwords and tokens are kept hashed only.</summary>
public sealed record Account(string Name, AccountRole Role, string? Member, string? PasswordHash, IReadOnlyList<string> TokenHashes);
