using HsGuard.Collector.Notifications;

namespace HsGuard.Collector.Members;

/// <summary>A member of the hoster: who is told when one of their users is caught, and in which language.</summary>
/// <param name="Name">The member's handle, for Hostsharing the package (xyz00).</param>
/// <param name="DisplayName">How notices address them (defaults to the name).</param>
/// <param name="Emails">Where their notices go; at least one.</param>
public sealed record Member(string Name, string DisplayName, IReadOnlyList<string> Emails, NoticeLanguage Language);
