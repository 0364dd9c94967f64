namespace HsGuard.Collector.Tests.Rules;

/// <summary>Macros expand where they are named (nested, in any order), lists expand where they are
/// named (nested too), and circles are errors.</summary>
public sealed class MacroAndListTests
{
    [Fact]
    public void Macro_Nested_Expands()
    {
        var rule = RuleFiles.Compile("member and hot", """
            - macro: hot
              condition: proc.cpu >= 90 and very_hot
            - macro: member
              condition: not user.system
            - macro: very_hot
              condition: proc.busy_seconds > 60
            """);

        var miner = new FakeFields().With("user.system", false).With("proc.cpu", 99.0).With("proc.busy_seconds", 120.0);
        Assert.True(rule.Matches(miner));
        Assert.False(rule.Matches(miner.With("proc.busy_seconds", 5.0)));
        Assert.False(rule.Matches(miner.With("proc.busy_seconds", 120.0).With("user.system", true)));
    }

    [Fact]
    public void Macro_UnderNot_NegatesTheWhole()
    {
        var rule = RuleFiles.Compile("not either", """
            - macro: either
              condition: proc.exe_deleted or proc.parent_init
            """);

        Assert.False(rule.Matches(new FakeFields().With("proc.exe_deleted", false).With("proc.parent_init", true)));
        Assert.True(rule.Matches(new FakeFields().With("proc.exe_deleted", false).With("proc.parent_init", false)));
    }

    [Fact]
    public void Macro_RefersToItself_ErrorWithTheCircle()
    {
        var errors = RuleFiles.Errors("""
            - macro: a
              condition: proc.cpu > 1 and b
            - macro: b
              condition: c or proc.cpu < 0
            - macro: c
              condition: a
            """);

        Assert.Equal("t.yaml:6:14: macro 'a' refers to itself: a -> b -> c -> a", Assert.Single(errors));
    }

    [Fact]
    public void Macro_NamesItselfDirectly_Error()
    {
        var errors = RuleFiles.Errors("""
            - macro: loop
              condition: proc.cpu > 1 and loop
            """);

        Assert.Equal("t.yaml:2:31: macro 'loop' refers to itself: loop -> loop", Assert.Single(errors));
    }

    [Fact]
    public void Macro_Misspelt_ErrorSuggestsTheMacro() =>
        Assert.Equal("t.yaml:6:5: unknown macro or field 'membr_process' (did you mean 'member_process'?)",
            RuleFiles.ConditionError("membr_process", """
                - macro: member_process
                  condition: not user.system
                """));

    [Fact]
    public void Macro_Compared_Error() =>
        Assert.EndsWith("'member' is a macro: only a field can be compared", RuleFiles.ConditionError("member = x", """
            - macro: member
              condition: not user.system
            """), StringComparison.Ordinal);

    [Fact]
    public void Macro_UnusedWithError_StillReported()
    {
        var errors = RuleFiles.Errors(RuleFiles.TestRule("proc.cpu > 1", """
            - macro: unused
              condition: proc.cpuu > 1
            """));

        Assert.Equal("t.yaml:2:14: unknown field 'proc.cpuu' (did you mean 'proc.cpu'?)", Assert.Single(errors));
    }

    [Fact]
    public void Macro_DefinedAfterTheRule_Expands()
    {
        var set = RuleFiles.LoadValid(("t.yaml", RuleFiles.TestRule("later") + """

            - macro: later
              condition: proc.exe_deleted
            """));

        Assert.True(set.Rule("t")!.Matches(new FakeFields().With("proc.exe_deleted", true)));
    }

    [Fact]
    public void List_Nested_ExpandsEveryLevel()
    {
        var set = RuleFiles.LoadValid(("t.yaml", RuleFiles.TestRule("proc.name in (all_shells)", """
            - list: all_shells
              items: [posix_shells, fish]
            - list: posix_shells
              items: [bash, dash, sh, bourne]
            - list: bourne
              items: [sh, ksh]
            """)));

        Assert.Equal(["bash", "dash", "sh", "ksh", "fish"], set.List("all_shells"));
        Assert.True(set.Rule("t")!.Matches(new FakeFields().With("proc.name", "ksh")));
        Assert.False(set.Rule("t")!.Matches(new FakeFields().With("proc.name", "bourne")));
        Assert.Null(set.List("no_such_list"));
    }

    [Fact]
    public void List_IncludesItself_ErrorWithTheCircle()
    {
        var errors = RuleFiles.Errors("""
            - list: a
              items: [x, b]
            - list: b
              items: [a, y]
            """);

        Assert.Equal("t.yaml:4:11: list 'a' includes itself: a -> b -> a", Assert.Single(errors));
    }

    [Fact]
    public void List_Empty_MatchesNothing()
    {
        var rule = RuleFiles.Compile("not proc.name in (allowed)", """
            - list: allowed
              items: []
            """);

        Assert.True(rule.Matches(new FakeFields().With("proc.name", "anything")));
    }
}
