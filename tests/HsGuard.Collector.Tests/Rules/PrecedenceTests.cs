namespace HsGuard.Collector.Tests.Rules;

/// <summary><c>not</c> binds tighter than <c>and</c>, <c>and</c> tighter than <c>or</c>; parentheses
/// group. Checked over every combination of three bool fields.</summary>
public sealed class PrecedenceTests
{
    private static readonly bool[][] Combinations =
        [.. Enumerable.Range(0, 8).Select(i => new[] { (i & 1) != 0, (i & 2) != 0, (i & 4) != 0 })];

    /// <summary>Conditions over A, B and C (replaced by bool fields), with their meaning in C#.</summary>
    public static TheoryData<string, string> Conditions => new()
    {
        { "not A and B or C", "(!a && b) || c" },
        { "A or B and C", "a || (b && c)" },
        { "(A or B) and C", "(a || b) && c" },
        { "not (A and B)", "!(a && b)" },
        { "not A or not B and C", "!a || (!b && c)" },
        { "not not A", "a" },
        { "A and not B or not C and A", "(a && !b) || (!c && a)" },
        { "((A))", "a" },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Condition_EveryCombination_FollowsPrecedence(string condition, string meaning)
    {
        var rule = RuleFiles.Compile(condition
            .Replace("A", "proc.exe_deleted", StringComparison.Ordinal)
            .Replace("B", "proc.parent_init", StringComparison.Ordinal)
            .Replace("C", "proc.session_leader", StringComparison.Ordinal));
        foreach (var values in Combinations)
        {
            var fields = new FakeFields().With("proc.exe_deleted", values[0]).With("proc.parent_init", values[1]).With("proc.session_leader", values[2]);
            Assert.True(Expected(meaning, values) == rule.Matches(fields), $"{condition} with A={values[0]} B={values[1]} C={values[2]}");
        }
    }

    /// <summary>The meaning, written in C#'s own operators, evaluated by hand.</summary>
    private static bool Expected(string meaning, bool[] v)
    {
        var (a, b, c) = (v[0], v[1], v[2]);
        return meaning switch
        {
            "(!a && b) || c" => (!a && b) || c,
            "a || (b && c)" => a || (b && c),
            "(a || b) && c" => (a || b) && c,
            "!(a && b)" => !(a && b),
            "!a || (!b && c)" => !a || (!b && c),
            "(a && !b) || (!c && a)" => (a && !b) || (!c && a),
            _ => a,
        };
    }
}
