using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Notifications;

/// <summary>How the hostmasters are alerted and how members reach them. Bound from
/// "Collector:Notifications:Hostmasters".</summary>
public sealed class HostmasterOptions
{
    /// <summary>Addresses alerted by e-mail. Defaults to none.</summary>
    public string[] Emails { get; set; } = [];

    /// <summary>The language of the hostmasters' alerts, En or De. Defaults to En.</summary>
    public NoticeLanguage Language { get; set; } = NoticeLanguage.En;

    /// <summary>A URL alerted with a JSON POST (a chat's incoming webhook, a pager): https, or http
    /// to a loopback address. Defaults to none.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The bound on one webhook POST. Defaults to 10 s.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How members reach the hostmasters, as written in their notices ("hostmaster@example.org,
    /// +49 40 123456, weekdays 9-17"). Defaults to the <see cref="Emails"/>.</summary>
    public string? Contact { get; set; }

    public string EffectiveContact => !string.IsNullOrWhiteSpace(Contact) ? Contact.Trim() : string.Join(", ", Emails);

    internal IEnumerable<ValidationResult> Validate(string section, bool email)
    {
        foreach (string address in Emails.Where(a => !EmailAddress.IsValid(a)))
        {
            yield return new ValidationResult($"{section}:Emails: '{address}' is not an e-mail address (local@domain)", [nameof(Emails)]);
        }
        if (!string.IsNullOrWhiteSpace(WebhookUrl)
            && (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && SmtpOptions.IsLoopback(uri.Host)))))
        {
            yield return new ValidationResult(
                $"{section}:WebhookUrl: '{WebhookUrl}' is not an https URL (plain http only to a loopback address)", [nameof(WebhookUrl)]);
        }
        if (WebhookTimeout < TimeSpan.FromSeconds(1) || WebhookTimeout > TimeSpan.FromMinutes(2))
        {
            yield return new ValidationResult($"{section}:WebhookTimeout: {WebhookTimeout} is not between 1 s and 2 min", [nameof(WebhookTimeout)]);
        }
        if (email && string.IsNullOrWhiteSpace(EffectiveContact))
        {
            yield return new ValidationResult(
                $"{section}:Contact: members' notices must say how to reach the hostmasters: set Contact or Emails", [nameof(Contact)]);
        }
    }
}
