using HsGuard.Collector.Detection.Rules;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Rules;

/// <summary>Rules files written to a temporary directory and loaded.</summary>
internal static class RuleFiles
{
    /// <summary>A rule named "t" with <paramref name="condition"/> (written as a literal block, so any
    /// text goes), after <paramref name="prelude"/> (lists and macros).</summary>
    public static string TestRule(string condition, string prelude = "", string output = "out", string extra = "") =>
        (prelude.Length > 0 ? prelude + "\n" : "") + $"""
        - rule: t
          desc: test
          condition: |
            {condition}
          output: "{output}"
          priority: WARNING
          tags: [maturity_stable, T1496]
        {extra}
        """;

    /// <summary>Loads the given files (name, YAML) from one directory, in name order.</summary>
    public static RuleLoadResult Load(params (string Name, string Yaml)[] files)
    {
        using var directory = new TempDirectory("hsguard-rules-");
        foreach (var (name, yaml) in files)
        {
            File.WriteAllText(directory.Combine(name), yaml);
        }
        var result = RuleLoader.Load([directory.Path]);
        // Paths in errors are the directory's: keep only the file names, for the assertions.
        return result with { Errors = [.. result.Errors.Select(e => e with { File = Path.GetFileName(e.File) })] };
    }

    public static RuleSet LoadValid(params (string Name, string Yaml)[] files)
    {
        var result = Load(files);
        Assert.True(result.Succeeded, "errors:\n" + string.Join("\n", result.Errors));
        return result.RuleSet!;
    }

    /// <summary>The rule "t" with this condition; the load must succeed.</summary>
    public static CompiledRule Compile(string condition, string prelude = "", string output = "out") =>
        LoadValid(("t.yaml", TestRule(condition, prelude, output))).Rule("t")!;

    /// <summary>The errors of one file, as FILE:LINE:COL: message.</summary>
    public static List<string> Errors(string yaml)
    {
        var result = Load(("t.yaml", yaml));
        Assert.False(result.Succeeded, "the rules loaded without error");
        return [.. result.Errors.Select(e => e.ToString())];
    }

    /// <summary>The one error of the rule "t" with this condition.</summary>
    public static string ConditionError(string condition, string prelude = "") =>
        Assert.Single(Errors(TestRule(condition, prelude)));
}
