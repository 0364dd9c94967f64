using System.Text.RegularExpressions;

namespace HsGuard.Collector.Members;

/// <summary>
/// Hostsharing's naming: a package is three letters and two digits (xyz00); its users are the
/// package itself and the package followed by a hyphen and anything (xyz00-web, xyz00-mail).
/// </summary>
public static partial class HostsharingNames
{
    /// <summary>The package of <paramref name="user"/>, or null when the name does not follow the rule.</summary>
    public static string? Package(string user)
    {
        var match = PackageUser().Match(user);
        return match.Success ? match.Groups["package"].Value : null;
    }

    [GeneratedRegex("^(?<package>[a-z]{3}[0-9]{2})(-.+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PackageUser();
}
