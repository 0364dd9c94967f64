using HsGuard.Collector.Detection.Rules;

namespace HsGuard.Collector.Tests.Rules;

/// <summary>Falco 0.36's overrides: a later item with an earlier one's name and <c>override:</c>
/// appends to or replaces its keys; <c>rule:</c> with only <c>enabled:</c> switches a rule.</summary>
public sealed class OverrideTests
{
    private const string Base = """
        - list: shells
          items: [bash, sh]
        - macro: hot
          condition: proc.cpu >= 90
        - rule: Shell
          desc: a shell
          condition: proc.name in (shells)
          output: "shell %proc.name"
          priority: NOTICE
          tags: [maturity_stable, shell]
          weight: 20
        """;

    /// <summary>The base with a rule that is the macro "hot" alone.</summary>
    private const string BaseWithHotRule = Base + """

        - rule: Hot
          desc: hot
          condition: hot
          output: o
          priority: NOTICE
          tags: [maturity_stable]
        """;

    private static RuleSet WithLocal(string local) => RuleFiles.LoadValid(("a_base.yaml", Base), ("b_local.yaml", local));

    private static List<string> LocalErrors(string local) =>
        [.. RuleFiles.Load(("a_base.yaml", Base), ("b_local.yaml", local)).Errors.Select(e => e.ToString())];

    private static bool ShellMatches(RuleSet set, string name, double cpu = 0) =>
        set.Rule("Shell")!.Matches(new FakeFields().With("proc.name", name).With("proc.cpu", cpu));

    [Fact]
    public void ListItems_Append_AddsItems()
    {
        var set = WithLocal("""
            - list: shells
              items: [zsh]
              override:
                items: append
            """);

        Assert.Equal(["bash", "sh", "zsh"], set.List("shells"));
        Assert.True(ShellMatches(set, "zsh"));
        Assert.True(ShellMatches(set, "bash"));
    }

    [Fact]
    public void ListItems_Replace_ReplacesItems()
    {
        var set = WithLocal("""
            - list: shells
              items: [zsh]
              override:
                items: replace
            """);

        Assert.Equal(["zsh"], set.List("shells"));
        Assert.False(ShellMatches(set, "bash"));
    }

    [Fact]
    public void MacroCondition_Append_JoinsWithASpace()
    {
        var set = RuleFiles.LoadValid(("a_base.yaml", BaseWithHotRule), ("b_local.yaml", """
            - macro: hot
              condition: and proc.name != make
              override:
                condition: append
            """));

        var hot = set.Rule("Hot")!;
        Assert.True(hot.Matches(new FakeFields().With("proc.cpu", 99.0).With("proc.name", "xmrig")));
        Assert.False(hot.Matches(new FakeFields().With("proc.cpu", 99.0).With("proc.name", "make")));
    }

    [Fact]
    public void MacroCondition_Replace_ChangesTheThreshold()
    {
        var set = RuleFiles.LoadValid(("a_base.yaml", BaseWithHotRule), ("b_local.yaml", """
            - macro: hot
              condition: proc.cpu >= 50
              override:
                condition: replace
            """));

        Assert.True(set.Rule("Hot")!.Matches(new FakeFields().With("proc.cpu", 60.0)));
    }

    [Fact]
    public void RuleCondition_AppendAndReplace_Apply()
    {
        var appended = WithLocal("""
            - rule: Shell
              condition: and hot
              override:
                condition: append
            """);
        var replaced = WithLocal("""
            - rule: Shell
              condition: proc.name = fish
              override:
                condition: replace
            """);

        Assert.False(ShellMatches(appended, "bash", cpu: 10));
        Assert.True(ShellMatches(appended, "bash", cpu: 95));
        Assert.Equal("proc.name in (shells) and hot", appended.Rule("Shell")!.Condition);
        Assert.True(ShellMatches(replaced, "fish"));
        Assert.False(ShellMatches(replaced, "bash"));
    }

    [Fact]
    public void RuleKeys_Replace_ReplaceEach()
    {
        var set = WithLocal("""
            - rule: Shell
              desc: another shell
              output: "a shell: %proc.name"
              severity: CRITICAL
              weight: 70
              enabled: false
              override:
                desc: replace
                output: replace
                priority: replace
                weight: replace
                enabled: replace
            """);

        var rule = set.Rule("Shell")!;
        Assert.Equal(("another shell", RulePriority.Critical, 70, false), (rule.Description, rule.Priority, rule.Weight, rule.Enabled));
        Assert.Equal("a shell: bash", rule.FormatOutput(new FakeFields().With("proc.name", "bash")));
    }

    [Fact]
    public void RuleTags_AppendAndReplace_Apply()
    {
        var appended = WithLocal("""
            - rule: Shell
              tags: [T1059]
              override:
                tags: append
            """);
        var replaced = WithLocal("""
            - rule: Shell
              tags: [maturity_sandbox, local]
              override:
                tags: replace
            """);

        Assert.Equal(["maturity_stable", "shell", "T1059"], appended.Rule("Shell")!.Tags);
        Assert.Equal(["T1059"], appended.Rule("Shell")!.MitreIds);
        Assert.Equal(["maturity_sandbox", "local"], replaced.Rule("Shell")!.Tags);
        Assert.Equal(RuleMaturity.Sandbox, replaced.Rule("Shell")!.Maturity);
    }

    [Fact]
    public void RuleEnabled_OnlyRuleAndEnabled_TogglesAndBack()
    {
        var off = WithLocal("""
            - rule: Shell
              enabled: false
            """);
        var onAgain = WithLocal("""
            - rule: Shell
              enabled: false
            - rule: Shell
              enabled: true
            """);

        Assert.False(off.Rule("Shell")!.Enabled);
        Assert.Equal(0, off.EvaluateAll(new FakeFields().With("proc.name", "bash"), RuleSource.Process, []));
        Assert.True(onAgain.Rule("Shell")!.Enabled);
    }

    [Fact]
    public void Override_UnknownTarget_ErrorForEachKind()
    {
        var errors = LocalErrors("""
            - list: shelss
              items: [zsh]
              override:
                items: append
            - macro: cold
              condition: and x
              override:
                condition: append
            - rule: Shel
              weight: 5
              override:
                weight: replace
            - rule: Nothing
              enabled: false
            """);

        Assert.Equal(
        [
            "b_local.yaml:1:9: override of list 'shelss', which is not defined before it (an override comes after the item it changes) (did you mean 'shells'?)",
            "b_local.yaml:5:10: override of macro 'cold', which is not defined before it (an override comes after the item it changes)",
            "b_local.yaml:9:9: override of rule 'Shel', which is not defined before it (an override comes after the item it changes) (did you mean 'Shell'?)",
            "b_local.yaml:13:9: rule 'Nothing' is not defined before this item; an item with only rule: and enabled: switches an earlier rule on or off",
        ], errors);
    }

    [Fact]
    public void Definition_SameNameWithoutOverride_Error()
    {
        var errors = LocalErrors("""
            - list: shells
              items: [zsh]
            """);

        Assert.Equal("b_local.yaml:1:9: list 'shells' is already defined at ", Assert.Single(errors)[..54]);
        Assert.EndsWith("a_base.yaml:1; to change it, add override: (see rules/README.md)", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Override_KeysAndModesWrong_ErrorForEach()
    {
        var errors = LocalErrors("""
            - rule: Shell
              output: x
              weight: 5
              override:
                output: append
                desc: replace
                source: replace
            """);

        Assert.Equal(
        [
            "b_local.yaml:3:3: 'weight' of an override item must be named under override: (weight: replace), or moved to an item of its own",
            "b_local.yaml:4:3: override: names 'desc', which this item does not give",
            "b_local.yaml:5:13: override of 'output' must be replace, not 'append'",
            "b_local.yaml:7:5: the override of rule 'Shell' cannot change 'source' (a rule override may change condition, tags, desc, output, priority, weight, enabled)",
        ], errors);
    }

    [Fact]
    public void Override_ChangedRule_KeepsItsDefinitionPlace()
    {
        var set = WithLocal("""
            - rule: Shell
              weight: 5
              override:
                weight: replace
            """);

        Assert.Equal(("a_base.yaml", 5), (Path.GetFileName(set.Rule("Shell")!.File), set.Rule("Shell")!.Line));
    }
}
