using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Notifications;

/// <summary>Who is told about incidents, how, and with which texts. Bound from
/// "Collector:Notifications". Notices go out in the response modes Alert and Enforce; in Observe
/// nobody is told.</summary>
public sealed class NotificationsOptions : IValidatableObject
{
    public const string Section = "Collector:Notifications";

    /// <summary>A directory whose files replace the shipped templates of the same name
    /// (member-found.de.txt, signals.yaml, ...). Defaults to none: the shipped templates.</summary>
    public string? TemplateDirectory { get; set; }

    /// <summary>A link to an incident, with {id} for its number
    /// ("https://hsguard.example.org/incidents/{id}"). Defaults to none.</summary>
    public string? IncidentUrlTemplate { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public HostmasterOptions Hostmasters { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public string? IncidentUrl(long id) =>
        string.IsNullOrWhiteSpace(IncidentUrlTemplate)
            ? null
            : IncidentUrlTemplate.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(TemplateDirectory) && !Path.IsPathFullyQualified(TemplateDirectory))
        {
            yield return new ValidationResult($"{Section}:TemplateDirectory: '{TemplateDirectory}' is not an absolute path", [nameof(TemplateDirectory)]);
        }
        if (!string.IsNullOrWhiteSpace(IncidentUrlTemplate)
            && (!IncidentUrlTemplate.Contains("{id}", StringComparison.Ordinal) || !Uri.TryCreate(IncidentUrl(1), UriKind.Absolute, out _)))
        {
            yield return new ValidationResult(
                $"{Section}:IncidentUrlTemplate: '{IncidentUrlTemplate}' must be an absolute URL with {{id}} in it", [nameof(IncidentUrlTemplate)]);
        }
        var longest = Smtp.Timeout > Hostmasters.WebhookTimeout ? Smtp.Timeout : Hostmasters.WebhookTimeout;
        foreach (var result in Smtp.Validate(Section + ":Smtp")
            .Concat(Hostmasters.Validate(Section + ":Hostmasters", Smtp.Enabled))
            .Concat(Outbox.Validate(Section + ":Outbox", longest)))
        {
            yield return result;
        }
    }
}
