using System.Globalization;

namespace HsGuard.Collector.Detection.Rules;

/// <summary>What <see cref="RuleLoader.Load"/> found: the rule set when the files hold no error,
/// otherwise every error (and no set).</summary>
public sealed record RuleLoadResult(RuleSet? RuleSet, IReadOnlyList<RuleError> Errors)
{
    public bool Succeeded => RuleSet is not null;

    /// <summary>"3 errors:" and the errors, one a line.</summary>
    public string DescribeErrors() =>
        $"{Counted(Errors.Count, "error")}:{Environment.NewLine}{string.Join(Environment.NewLine, Errors)}";

    /// <summary>"1 rule", "3 rules".</summary>
    internal static string Counted(int n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
