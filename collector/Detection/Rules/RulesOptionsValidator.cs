using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Detection.Rules;

/// <summary>
/// Part of validating <see cref="RulesOptions"/> at start: the rules its paths name must load. So a
/// broken rule set stops the collector (and replay) before anything starts, with the one-line
/// "configuration error" of every other wrong setting followed by every error, one a line, and exit
/// status 78; <see cref="RulesService"/> checks again when it starts, in case a file changed since.
/// </summary>
internal sealed class RulesOptionsValidator : IValidateOptions<RulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RulesOptions options)
    {
        if (options.Paths.Any(p => !Path.IsPathFullyQualified(p)))
        {
            return ValidateOptionsResult.Skip;   // RulesOptions.Validate names the path
        }
        var result = RuleLoader.Load(options.EffectivePaths());
        return result.Succeeded ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail("the rules have " + result.DescribeErrors());
    }
}
