namespace HsGuard.Protocol.Hosting;

/// <summary>What HsGuard accepts as a host name: a DNS name (RFC 1123 labels of letters, digits
/// and hyphens, dot-separated, at most 253 characters). It names certificates and files, so
/// nothing else is let through.</summary>
public static class HostNames
{
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 253)
        {
            return false;
        }
        foreach (string label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (char c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
