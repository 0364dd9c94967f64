using HsGuard.Collector.Detection.Rules;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Rules;

/// <summary>Every kind of error in the files themselves, with its file, line and column, and all of
/// them at once.</summary>
public sealed class LoadErrorTests
{
    private const string GoodRule = """
        - rule: good
          desc: d
          condition: proc.cpu > 1
          output: o
          priority: NOTICE
          tags: [maturity_stable]
        """;

    [Theory]
    [InlineData("- rule: x\n  desc: [a\n", "t.yaml:3:1: YAML syntax: While parsing a flow sequence, did not find expected ',' or ']'")]
    [InlineData("rule: x\n", "t.yaml:1:1: a rules file is a list of items (- list:, - macro:, - rule:), not a mapping")]
    [InlineData("- just a value\n", "t.yaml:1:3: an item is a mapping that starts with list:, macro: or rule:, not a value")]
    [InlineData("- required_engine_version: 0.31.0\n", "t.yaml:1:3: an item needs one of list:, macro: or rule:; HsGuard has no 'required_engine_version' items")]
    [InlineData("- list: a\n  macro: b\n  items: []\n", "t.yaml:2:3: an item is one list, macro or rule; this one has both 'list' and 'macro'")]
    [InlineData("- list:\n  items: []\n", "t.yaml:1:3: a list needs a name")]
    [InlineData("- list: a\n  items: []\n  items: [b]\n", "t.yaml:3:3: duplicate key 'items' (first on line 2)")]
    [InlineData("- list: a\n  items: []\n  itmes: []\n", "t.yaml:3:3: unknown key 'itmes' in list 'a' (a list has items, override) (did you mean 'items'?)")]
    [InlineData("- list: a\n  items: b\n", "t.yaml:2:10: items must be a list ([a, b] or lines of '- a'), not a value")]
    [InlineData("- list: a\n  items: [b, [c]]\n", "t.yaml:2:14: an entry of items must be a non-empty value, not a list")]
    [InlineData("- list: a\n", "t.yaml:1:9: list 'a' has no items")]
    [InlineData("- macro: m\n  condition:\n", "t.yaml:2:13: condition is empty")]
    [InlineData("- rule: r\n  desc: d\n", "t.yaml:1:9: rule 'r' has no condition, no output, no priority")]
    [InlineData("- list: a\n  items: []\n  append: true\n", "t.yaml:3:3: unknown key 'append' in list 'a' (a list has items, override); to add to an earlier item write override: with the key and append (see rules/README.md)")]
    public void Load_ShapeError_ReportedWithPlace(string yaml, string expected) =>
        Assert.Equal(expected, Assert.Single(RuleFiles.Errors(yaml)));

    [Theory]
    [InlineData("priority: WARN", "t.yaml:5:13: priority must be one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG, not 'WARN'")]
    [InlineData("weight: 1001", "t.yaml:7:11: weight must be a whole number from 0 to 1000, not '1001'")]
    [InlineData("weight: -5", "t.yaml:7:11: weight must be a whole number from 0 to 1000, not '-5'")]
    [InlineData("enabled: maybe", "t.yaml:7:12: enabled must be true or false, not 'maybe'")]
    [InlineData("source: host", "t.yaml:7:11: source must be process or user, not 'host'")]
    [InlineData("severity: NOTICE", "t.yaml:7:3: rule 'r' has both priority: and severity:; give one")]
    [InlineData("exceptions: []", "t.yaml:7:3: unknown key 'exceptions' in rule 'r' (a rule has desc, condition, output, priority, severity, tags, weight, source, enabled, override); HsGuard has no exceptions: extend an allow list or add 'and not ...' to the condition through an override")]
    public void Load_WrongValue_ReportedAtTheValue(string line, string expected)
    {
        string key = line[..line.IndexOf(':', StringComparison.Ordinal)];
        string yaml = $"""
            - rule: r
              desc: d
              condition: proc.cpu > 1
              output: o
              priority: {(key == "priority" ? line["priority: ".Length..] : "NOTICE")}
              tags: [maturity_stable]
            {(key == "priority" ? "" : "  " + line)}
            """;

        Assert.Equal(expected, Assert.Single(RuleFiles.Errors(yaml)));
    }

    [Theory]
    [InlineData("[host]", "t.yaml:6:3: rule 'r' needs a maturity tag in its tags: one of maturity_stable, maturity_incubating, maturity_sandbox, maturity_deprecated")]
    [InlineData("[maturity_stable, maturity_sandbox]", "t.yaml:6:3: rule 'r' has 2 maturity tags (maturity_stable, maturity_sandbox); it needs exactly one")]
    [InlineData("[maturity_beta]", "t.yaml:6:10: unknown maturity tag 'maturity_beta' (known: maturity_stable, maturity_incubating, maturity_sandbox, maturity_deprecated)")]
    public void Load_MaturityTagWrong_Error(string tags, string expected) =>
        Assert.Equal(expected, Assert.Single(RuleFiles.Errors(Rule(tags: tags))));

    [Fact]
    public void Load_RuleWithoutTags_NeedsAMaturityTag() =>
        Assert.Equal("t.yaml:1:9: rule 'r' needs a maturity tag in its tags: one of maturity_stable, maturity_incubating, maturity_sandbox, maturity_deprecated",
            Assert.Single(RuleFiles.Errors("- rule: r\n  desc: d\n  condition: proc.cpu > 1\n  output: o\n  priority: NOTICE\n")));

    [Theory]
    [InlineData("\"%proc.nmae\"", "t.yaml:4:12: unknown field 'proc.nmae' in the output of rule 'r' (did you mean 'proc.name'?)")]
    [InlineData("pid %(proc.pdi) ok", "t.yaml:4:15: unknown field 'proc.pdi' in the output of rule 'r' (did you mean 'proc.pid'?)")]
    public void Load_OutputUnknownField_Error(string output, string expected) =>
        Assert.Equal(expected, Assert.Single(RuleFiles.Errors(Rule(output: output))));

    /// <summary>A rule "r" whose output (line 4, from column 11) and tags (line 6, from column 9) are given.</summary>
    private static string Rule(string output = "o", string tags = "[maturity_stable]") => $"""
        - rule: r
          desc: d
          condition: proc.cpu > 1
          output: {output}
          priority: NOTICE
          tags: {tags}
        """;

    [Fact]
    public void Load_ManyErrorsInSeveralFiles_AllReportedInFileAndLineOrder()
    {
        var result = RuleFiles.Load(
            ("a.yaml", GoodRule + """

                - rule: bad1
                  desc: d
                  condition: proc.nmae = x and proc.cpu > y
                  output: "%proc.bogus"
                  priority: LOUD
                  tags: [host]
                - list: l
                  items: b
                """),
            ("b.yaml", """
                - rule: good
                  desc: again
                  condition: proc.cpu > 2
                  output: o
                  priority: NOTICE
                  tags: [maturity_stable]
                - macro: nothing
                  condition: and x
                  override:
                    condition: append
                - rule: bad2
                  desc: d
                  condition: (proc.cpu > 1
                  output: o
                  priority: NOTICE
                  tags: [maturity_stable]
                """),
            ("c.yaml", """
                - rule: bad3
                  desc: d
                  condition: proc.cpu > 1
                  output: o
                  priority: NOTICE
                  tags: [maturity_stable]
                  tags: [x]
                - rule: bad4
                  desc: [unclosed
                """));

        Assert.False(result.Succeeded);
        Assert.Null(result.RuleSet);
        Assert.Equal(
        [
            "a.yaml:9:14: unknown field 'proc.nmae' (did you mean 'proc.name'?)",
            "a.yaml:9:43: proc.cpu is a number field, and 'y' is not a number",
            "a.yaml:10:12: unknown field 'proc.bogus' in the output of rule 'bad1'",
            "a.yaml:11:13: priority must be one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG, not 'LOUD'",
            "a.yaml:12:3: rule 'bad1' needs a maturity tag in its tags: one of maturity_stable, maturity_incubating, maturity_sandbox, maturity_deprecated",
            "a.yaml:14:10: items must be a list ([a, b] or lines of '- a'), not a value",
            "b.yaml:1:9: rule 'good' is already defined at ",
            "b.yaml:7:10: override of macro 'nothing', which is not defined before it (an override comes after the item it changes)",
            "b.yaml:13:27: syntax: the end of the condition where ')' was expected to close the '(' at character 1",
            "c.yaml:7:3: duplicate key 'tags' (first on line 6)",
            "c.yaml:10:1: YAML syntax: While parsing a flow sequence, did not find expected ',' or ']'",
        ], result.Errors.Select(e => e.ToString() is var s && s.Contains("already defined", StringComparison.Ordinal) ? s[..s.IndexOf("at ", StringComparison.Ordinal)] + "at " : s));
    }

    [Fact]
    public void Load_MissingPath_ErrorNamingIt()
    {
        var result = RuleLoader.Load(["/nonexistent/hsguard-rules"]);

        Assert.Equal("/nonexistent/hsguard-rules: no such file or directory", Assert.Single(result.Errors).ToString());
        Assert.Equal((0, 0), (result.Errors[0].Line, result.Errors[0].Column));
    }

    [Fact]
    public void Load_DirectoryWithoutRulesFiles_Error()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("notes.txt"), "not rules");

        var result = RuleLoader.Load([directory.Path]);

        Assert.Equal($"{directory.Path}: no rules files (*.yaml, *.yml) found", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_Directory_ReadsYamlFilesInNameOrderOnly()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("b.yml"), "- list: l\n  items: [b]\n  override:\n    items: append\n");
        File.WriteAllText(directory.Combine("a.yaml"), "- list: l\n  items: [a]\n");
        File.WriteAllText(directory.Combine(".#a.yaml"), "broken: [");
        File.WriteAllText(directory.Combine("c.yaml.example"), "broken: [");
        File.WriteAllText(directory.Combine("a.yaml~"), "broken: [");
        Directory.CreateDirectory(directory.Combine("sub"));
        File.WriteAllText(directory.Combine("sub", "x.yaml"), "broken: [");

        var result = RuleLoader.Load([directory.Path]);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["a", "b"], result.RuleSet!.List("l"));
        Assert.Equal(["a.yaml", "b.yml"], result.RuleSet.Files.Select(f => Path.GetFileName(f.Path)));
    }

    [Fact]
    public void Load_EmptyFileAndCommentsOnly_NoError()
    {
        var set = RuleFiles.LoadValid(("a.yaml", ""), ("b.yaml", "# nothing yet\n"), ("c.yaml", GoodRule));

        Assert.Single(set.Rules);
    }
}
