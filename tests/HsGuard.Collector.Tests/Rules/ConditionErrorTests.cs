namespace HsGuard.Collector.Tests.Rules;

/// <summary>What is wrong in a condition is reported at its line and column (the condition of the
/// test rule starts at line 4, column 5).</summary>
public sealed class ConditionErrorTests
{
    [Theory]
    [InlineData("(proc.cpu > 1", "4:18: syntax: the end of the condition where ')' was expected to close the '(' at character 1")]
    [InlineData("proc.cpu > 1)", "4:17: syntax: a ')' without its '('")]
    [InlineData("proc.cpu > 1 proc.cpu", "4:18: syntax: 'proc.cpu' where 'and', 'or' or the end was expected")]
    [InlineData("proc.cpu > 1 and", "4:21: syntax: the end of the condition where a field, a macro, 'not' or '(' was expected")]
    [InlineData("proc.cpu >", "4:15: syntax: the end of the condition where a value was expected after '>'")]
    [InlineData("proc.name = \"xmrig", "4:17: the string that starts here has no closing \"")]
    [InlineData("proc.name ! x", "4:15: '!' must be followed by '=' (for negation write 'not')")]
    [InlineData("proc.name in shells", "4:18: syntax: 'in' takes a list in parentheses, such as (shells) or (a, b), not 'shells'")]
    [InlineData("proc.name contains (a, b)", "4:24: syntax: 'contains' takes one value, not a list; for a list use 'contains_any'")]
    [InlineData("proc.name = (a, b)", "4:17: syntax: '=' takes one value, not a list; for a list use 'in'")]
    [InlineData("proc.name in (a b)", "4:21: syntax: 'b' where ',' or ')' was expected in the list that starts at character 14")]
    [InlineData("proc.name in (a,)", "4:21: syntax: ')' where an item of the list that starts at character 14 was expected")]
    [InlineData("proc.name xmrig", "4:15: syntax: 'xmrig' after 'proc.name' where an operator, 'and', 'or' or the end was expected")]
    [InlineData("and", "4:5: syntax: 'and' where a field, a macro, 'not' or '(' was expected")]
    public void Parse_Malformed_SyntaxErrorAtItsPlace(string condition, string expected) =>
        Assert.Equal("t.yaml:" + expected, RuleFiles.ConditionError(condition));

    [Theory]
    [InlineData("proc.nmae = x", "4:5: unknown field 'proc.nmae' (did you mean 'proc.name'?)")]
    [InlineData("proc.cpu > 1 and proc.zzz exists", "4:22: unknown field 'proc.zzz'")]
    [InlineData("proc.exe_delted", "4:5: unknown macro or field 'proc.exe_delted' (did you mean 'proc.exe_deleted'?)")]
    [InlineData("proc.cpu", "4:5: proc.cpu is a number field, not a condition: compare it (proc.cpu op value) or test it with 'proc.cpu exists'")]
    [InlineData("proc.cpu > high", "4:16: proc.cpu is a number field, and 'high' is not a number")]
    [InlineData("proc.cpu > \"5\"", "4:16: proc.cpu is a number field, and \"5\" is not a number")]
    [InlineData("proc.cpu in (1, x)", "4:21: proc.cpu is a number field, and 'x' is not a number")]
    [InlineData("proc.cpu contains 5", "4:14: 'contains' does not apply to number field proc.cpu (use = != < <= > >= or in)")]
    [InlineData("proc.cpu intersects (1)", "4:14: 'intersects' does not apply to number field proc.cpu (use = != < <= > >= or in)")]
    [InlineData("proc.name = 123", "4:17: proc.name is a string field, and 123 is a number: quote it (\"123\") to compare text")]
    [InlineData("proc.name intersects (a)", "4:15: 'intersects' needs a list field, and proc.name is a string: use 'in'")]
    [InlineData("proc.exe_deleted = yes", "4:24: proc.exe_deleted is a bool field: compare it with true or false, not 'yes'")]
    [InlineData("proc.exe_deleted > true", "4:22: '>' does not apply to bool field proc.exe_deleted: use proc.exe_deleted = true, = false, or the field alone")]
    [InlineData("proc.ancestors = bash", "4:20: '=' does not apply to list field proc.ancestors: use intersects (an item is in the list), in (every item is), or a string operator (an item matches)")]
    public void Compile_WrongFieldOrType_ErrorAtItsPlace(string condition, string expected) =>
        Assert.Equal("t.yaml:" + expected, RuleFiles.ConditionError(condition));

    [Fact]
    public void Compile_SeveralErrorsInOneCondition_ReportsEach()
    {
        var errors = RuleFiles.Errors(RuleFiles.TestRule("proc.nmae = x or proc.cpu > x or proc.exe_deleted = 1"));

        Assert.Equal(
        [
            "t.yaml:4:5: unknown field 'proc.nmae' (did you mean 'proc.name'?)",
            "t.yaml:4:33: proc.cpu is a number field, and 'x' is not a number",
            "t.yaml:4:57: proc.exe_deleted is a bool field: compare it with true or false, not '1'",
        ], errors);
    }

    [Fact]
    public void Compile_FoldedMultiLineCondition_ErrorAtTheRightLineAndColumn()
    {
        var errors = RuleFiles.Errors("""
            - rule: t
              desc: d
              condition: >
                proc.cpu > 1
                and (proc.name = x or
                     proc.nmae = y)
              output: o
              priority: NOTICE
              tags: [maturity_stable]
            """);

        Assert.Equal("t.yaml:6:10: unknown field 'proc.nmae' (did you mean 'proc.name'?)", Assert.Single(errors));
    }

    [Fact]
    public void Compile_PlainMultiLineCondition_ErrorAtTheRightLineAndColumn()
    {
        var errors = RuleFiles.Errors("""
            - rule: t
              desc: d
              condition: proc.cpu > 1 and
                proc.name = 5
              output: o
              priority: NOTICE
              tags: [maturity_stable]
            """);

        Assert.Equal("t.yaml:4:17: proc.name is a string field, and 5 is a number: quote it (\"5\") to compare text", Assert.Single(errors));
    }

    [Fact]
    public void Compile_UserRuleWithProcessField_ErrorInConditionMacroAndOutput()
    {
        var errors = RuleFiles.Errors("""
            - macro: busy
              condition: proc.cpu > 50
            - rule: t
              desc: d
              condition: user.cpu > 100 and proc.pid > 1 and busy
              output: "%user.name %proc.name"
              priority: NOTICE
              tags: [maturity_stable]
              source: user
            """);

        Assert.Equal(
        [
            "t.yaml:5:33: rule 't' has source: user, which sees only user.* and host.* fields, not proc.pid",
            "t.yaml:5:50: rule 't' has source: user, which sees only user.* and host.* fields, not proc.cpu (used through macro 'busy')",
            "t.yaml:6:23: rule 't' has source: user, which sees only user.* and host.* fields, not proc.name",
        ], errors);
    }
}
