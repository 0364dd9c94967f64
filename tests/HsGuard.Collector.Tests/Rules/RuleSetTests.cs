using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Detection.Rules.Evaluation;

namespace HsGuard.Collector.Tests.Rules;

public sealed class RuleSetTests
{
    private const string Rules = """
        - rule: Busy
          desc: busy
          condition: proc.cpu > 50
          output: o
          priority: notice
          tags: [maturity_incubating, T1496, T1036.005, t1000, T12345]
          weight: 30
        - rule: Off
          desc: off
          condition: proc.cpu > 50
          output: o
          priority: WARNING
          tags: [maturity_stable]
          enabled: false
        - rule: Very busy
          desc: very busy
          condition: proc.cpu > 90
          output: o
          severity: CRITICAL
          tags: [maturity_stable]
        - rule: User
          desc: user
          condition: user.cpu > 0
          output: o
          priority: INFO
          tags: [maturity_sandbox]
          source: user
        """;

    [Fact]
    public void EvaluateAll_ProcessAndUser_FiresEnabledRulesOfTheSourceInOrder()
    {
        var set = RuleFiles.LoadValid(("r.yaml", Rules));
        var fired = new List<CompiledRule> { set.Rules[0] };
        var fields = new FakeFields().With("proc.cpu", 99.0).With("user.cpu", 400.0);

        Assert.Equal(2, set.EvaluateAll(fields, RuleSource.Process, fired));
        Assert.Equal(["Busy", "Very busy"], fired.Select(r => r.Name));
        Assert.Equal(1, set.EvaluateAll(fields, RuleSource.User, fired));
        Assert.Equal("User", Assert.Single(fired).Name);
    }

    [Fact]
    public void Load_Rule_PropertiesFromItsItem()
    {
        var set = RuleFiles.LoadValid(("r.yaml", Rules));
        var busy = set.Rule("Busy")!;

        Assert.Equal(("busy", RulePriority.Notice, 30, RuleSource.Process, RuleMaturity.Incubating, 1),
            (busy.Description, busy.Priority, busy.Weight, busy.Source, busy.Maturity, busy.Line));
        Assert.Equal(["T1496", "T1036.005"], busy.MitreIds);
        Assert.Equal(10, set.Rule("Very busy")!.Weight);
        Assert.Equal(RulePriority.Critical, set.Rule("Very busy")!.Priority);
        Assert.Equal(RulePriority.Informational, set.Rule("User")!.Priority);
        Assert.Equal(RuleSource.User, set.Rule("User")!.Source);
        Assert.Equal(["Busy", "Off", "Very busy", "User"], set.Rules.Select(r => r.Name));
    }

    [Fact]
    public void Load_SameContent_SameVersion()
    {
        var first = RuleFiles.LoadValid(("r.yaml", Rules));
        var again = RuleFiles.LoadValid(("r.yaml", Rules));
        var changed = RuleFiles.LoadValid(("r.yaml", Rules.Replace("weight: 30", "weight: 31", StringComparison.Ordinal)));

        Assert.Equal(12, first.Version.Length);
        Assert.Equal(first.Version, again.Version);
        Assert.NotEqual(first.Version, changed.Version);
        Assert.Equal(64, Assert.Single(first.Files).Sha256.Length);
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "*", true)]
    [InlineData("abc", "a*c", true)]
    [InlineData("abc", "a*b", false)]
    [InlineData("a/b/c", "a*c", true)]
    [InlineData("aXbXc", "*X*X*", true)]
    [InlineData("aXb", "*X*X*", false)]
    [InlineData("abc", "???", true)]
    [InlineData("ab", "???", false)]
    [InlineData("mississippi", "m*iss*ppi", true)]
    [InlineData("mississippi", "m*iss*ppx", false)]
    public void Glob_Patterns_ShellSemantics(string text, string pattern, bool expected) =>
        Assert.Equal(expected, GlobMatcher.IsMatch(text, pattern));
}
