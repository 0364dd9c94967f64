using System.Text.RegularExpressions;
using HsGuard.Collector.Notifications;

namespace HsGuard.Collector.Members;

/// <summary>The checks a member entry passes, wherever it is written (the file, the database):
/// each returns what is wrong, or null.</summary>
internal static partial class MemberFields
{
    public static string? CheckName(string name) =>
        MemberName().IsMatch(name) ? null : $"member name '{name}' is not a name (letters, digits, '.', '_', '-'; at most 64)";

    public static string? CheckUser(string user) =>
        UserName().IsMatch(user) ? null : $"'{user}' is not a Linux user name";

    public static string? CheckHost(string host) =>
        host == MemberUser.AnyHost || HostName().IsMatch(host) ? null : $"'{host}' is not a host name (or '*' for every host)";

    public static string? CheckEmail(string address) =>
        EmailAddress.IsValid(address) ? null : $"'{address}' is not an e-mail address (local@domain, without a name or spaces)";

    /// <summary>"de" or "en", in any case.</summary>
    public static NoticeLanguage? Language(string text) => text.ToLowerInvariant() switch
    {
        "de" => NoticeLanguage.De,
        "en" => NoticeLanguage.En,
        _ => null,
    };

    public static string UnknownLanguage(string text) => $"language '{text}' is neither de (German) nor en (English)";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex MemberName();

    // useradd's default NAME_REGEX, with '.' as Debian allows.
    [GeneratedRegex("^[a-z_][a-z0-9_.-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserName();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
