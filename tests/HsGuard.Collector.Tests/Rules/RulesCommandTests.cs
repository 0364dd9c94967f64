using System.Text.Json;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Rules;

/// <summary><c>hsguard-collector rules ...</c> run as a program, as CI and a hostmaster run it.</summary>
public sealed class RulesCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("hsguard-rules-");

    public void Dispose() => _dir.Dispose();

    private static Task<(int ExitCode, string Output, string Error)> RulesAsync(params string[] args) =>
        HsGuardProgram.RunAsync(HsGuardProgram.Collector, ["rules", .. args], cancel: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Validate_ShippedRules_ExitZeroWithSummary()
    {
        var (exit, output, error) = await RulesAsync("validate", RepositoryPaths.Combine("rules"));

        Assert.True(exit == 0, output + error);
        Assert.Matches(@"^OK: \d+ rules, \d+ macros, \d+ lists from 1 file \(version [0-9a-f]{12}\)\n$", output);
    }

    [Fact]
    public async Task Validate_BrokenDirectory_EveryErrorWithPlaceAndExitOne()
    {
        File.WriteAllText(_dir.Combine("a.yaml"), """
            - rule: r
              desc: d
              condition: proc.nmae = x
              output: o
              priority: LOUD
              tags: [maturity_stable]
            """);
        File.WriteAllText(_dir.Combine("b.yaml"), "- list: l\n  items: [a\n");

        var (exit, output, _) = await RulesAsync("validate", _dir.Path);

        Assert.Equal(1, exit);
        Assert.Equal(
        [
            $"{_dir.Combine("a.yaml")}:3:14: unknown field 'proc.nmae' (did you mean 'proc.name'?)",
            $"{_dir.Combine("a.yaml")}:5:13: priority must be one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG, not 'LOUD'",
            $"{_dir.Combine("b.yaml")}:3:1: YAML syntax: While parsing a flow sequence, did not find expected ',' or ']'",
            "3 errors in 2 files",
        ], output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Validate_ShippedAndExampleLocalFile_ExitZero()
    {
        File.Copy(RepositoryPaths.Combine("rules", "local.yaml.example"), _dir.Combine("local.yaml"));

        var (exit, output, _) = await RulesAsync("validate", RepositoryPaths.Combine("rules"), _dir.Path);

        Assert.True(exit == 0, output);
        Assert.Contains("from 2 files", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_EveryShippedRuleWithItsPlace()
    {
        var (exit, output, error) = await RulesAsync("list", "--json", RepositoryPaths.Combine("rules"));

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var rules = json.RootElement.GetProperty("rules").EnumerateArray().ToList();
        var shipped = RuleLoader.Load([RepositoryPaths.Combine("rules")]).RuleSet!;
        Assert.Equal(shipped.Rules.Select(r => r.Name), rules.Select(r => r.GetProperty("name").GetString()));
        var first = rules[0];
        Assert.Equal(shipped.Rules[0].Weight, first.GetProperty("weight").GetInt32());
        Assert.Equal(shipped.Rules[0].Line, first.GetProperty("line").GetInt32());
        Assert.Equal("CRITICAL", first.GetProperty("priority").GetString());
        Assert.Contains("T1496", first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task List_Table_OneLinePerRule()
    {
        var (exit, output, _) = await RulesAsync("list", RepositoryPaths.Combine("rules"));

        Assert.Equal(0, exit);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Unusual CPU pattern for the user", StringComparison.Ordinal) && l.Contains(" 50  ", StringComparison.Ordinal)
            && l.Contains("hsguard_rules.yaml:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_BrokenRules_ConfigurationErrorWithEveryErrorExit78()
    {
        File.WriteAllText(_dir.Combine("a.yaml"), "- rule: r\n  desc: d\n  condition: proc.nmae = x\n  output: o\n  priority: LOUD\n  tags: [maturity_stable]\n");
        string config = _dir.Combine("collector.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Collector = new
            {
                StateDirectory = _dir.Combine("state"),
                Grpc = new { Listen = $"127.0.0.1:{LoopbackPorts.Free()}" },
                Web = new { Listen = $"127.0.0.1:{LoopbackPorts.Free()}" },
                Detection = new { Rules = new { Paths = new[] { _dir.Path } } },
            },
        }));

        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Collector, ["run", "--config", config],
            cancel: TestContext.Current.CancellationToken);

        Assert.Equal(78, exit);
        Assert.Contains($"hsguard: configuration error: the rules have 2 errors:\n{_dir.Combine("a.yaml")}:3:14: unknown field 'proc.nmae'", error, StringComparison.Ordinal);
        Assert.Contains($"\n{_dir.Combine("a.yaml")}:5:13: priority must be one of", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fields_Markdown_IsTheReadmeTable()
    {
        var (exit, output, _) = await RulesAsync("fields", "--markdown");

        Assert.Equal(0, exit);
        Assert.Equal(RuleFieldTable.Markdown(), output);
    }
}
