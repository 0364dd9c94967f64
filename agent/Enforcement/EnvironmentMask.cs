using System.Text.RegularExpressions;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Masks secrets in a process's environment before it leaves the host as evidence: the value of a
/// variable whose name says it holds one (PASS, SECRET, TOKEN, KEY, AUTH, CREDENTIAL, COOKIE,
/// SESSION, PWD, in any case and anywhere in the name), and the "user:password" of a URL in any
/// value ("https://bob:hunter2@example.org/" becomes "https://***@example.org/"). The names stay:
/// that a process had an AWS_SECRET_ACCESS_KEY is evidence too.
/// </summary>
internal static partial class EnvironmentMask
{
    public const string Masked = "***";

    /// <summary>One "NAME=value" entry, masked.</summary>
    public static string Mask(string entry)
    {
        int eq = entry.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return MaskUrls(entry);
        }
        string name = entry[..eq];
        return SecretName().IsMatch(name) ? name + "=" + Masked : name + "=" + MaskUrls(entry[(eq + 1)..]);
    }

    private static string MaskUrls(string value) =>
        value.Contains("://", StringComparison.Ordinal) ? UrlCredentials().Replace(value, "${scheme}" + Masked + "@") : value;

    [GeneratedRegex("PASS|SECRET|TOKEN|KEY|AUTH|CREDENTIAL|COOKIE|SESSION|PWD", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    /// <summary>scheme://user:password@ (RFC 3986 userinfo with a password part).</summary>
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s:]*:[^/@\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();
}
