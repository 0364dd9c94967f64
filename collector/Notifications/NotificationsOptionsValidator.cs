using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Notifications.Templates;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Notifications;

/// <summary>Part of validating <see cref="NotificationsOptions"/> at start: the templates must
/// load, so that a broken one stops the collector with every error (file, line, column) and exit
/// status 78 instead of a broken e-mail later.</summary>
internal sealed class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.TemplateDirectory) && !Path.IsPathFullyQualified(options.TemplateDirectory))
        {
            return ValidateOptionsResult.Skip;   // NotificationsOptions.Validate names the key
        }
        var errors = new List<RuleError>();
        return TemplateSet.Load(TemplateSet.ShippedDirectory, options.TemplateDirectory, errors) is null
            ? ValidateOptionsResult.Fail(Describe("the notice templates", errors))
            : ValidateOptionsResult.Success;
    }

    internal static string Describe(string what, IReadOnlyList<RuleError> errors) =>
        $"{what}: {RuleLoadResult.Counted(errors.Count, "error")}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}";
}
