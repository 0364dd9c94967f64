using MimeKit;

namespace HsGuard.Collector.Notifications;

/// <summary>What HsGuard accepts as an address: a bare addr-spec (local@domain), as MimeKit parses
/// it, without a display name, comments or spaces.</summary>
public static class EmailAddress
{
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }
        int at = text.LastIndexOf('@');
        return at > 0 && at < text.Length - 1
            && MailboxAddress.TryParse(text, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && string.Equals(mailbox.Address, text, StringComparison.Ordinal);
    }

    /// <summary>The domain part of a valid address.</summary>
    public static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];
}
