using System.Text.RegularExpressions;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Rules;

/// <summary>The rules shipped in rules/: they load, they follow the conventions, the example local
/// file tunes them, their reference stays in step with the code, and evaluating them allocates
/// nothing.</summary>
public sealed partial class ShippedRulesTests
{
    private static readonly string Directory = RepositoryPaths.Combine("rules");

    private static RuleSet Shipped()
    {
        var result = RuleLoader.Load([Directory]);
        Assert.True(result.Succeeded, "the shipped rules have errors:\n" + string.Join("\n", result.Errors));
        return result.RuleSet!;
    }

    [Fact]
    public void Load_ShippedRules_NoErrorAndConventionsKept()
    {
        var set = Shipped();

        Assert.True(set.Rules.Count >= 15, $"{set.Rules.Count} rules");
        Assert.All(set.Rules, rule =>
        {
            Assert.Contains("T1496", rule.MitreIds);
            Assert.InRange(rule.Weight, 1, 100);
            Assert.True(rule.Enabled);
            Assert.Matches("%", rule.Output);
            Assert.NotEqual(RuleMaturity.Deprecated, rule.Maturity);
        });
        Assert.Equal(set.Rules.Count, set.Rules.Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void Load_ShippedRules_ListsDetectionReadsArePresent()
    {
        var set = Shipped();

        Assert.Contains("kthreadd", set.List("kernel_thread_names")!);
        Assert.Contains("kworker", set.List("kernel_thread_names")!);
        Assert.Contains("php-fpm8.2", set.List("web_server_names")!);
        Assert.Contains("apache2", set.List("web_server_names")!);
        foreach (string allow in new[] { "allowed_users", "allowed_exes", "allowed_exe_dirs", "mining_pool_addresses" })
        {
            Assert.Empty(set.List(allow)!);
        }
    }

    [Fact]
    public void Load_ShippedRules_UserBaselineAloneAlertsButNeverSuspends()
    {
        var user = Assert.Single(Shipped().Rules, r => r.Source == RuleSource.User);

        Assert.InRange(user.Weight, 50, 99);   // AlertScore 50, SuspendScore 100 by default
    }

    [Fact]
    public void Load_ShippedWithExampleLocalFile_OverridesApply()
    {
        using var local = new TempDirectory();
        File.Copy(Path.Combine(Directory, "local.yaml.example"), local.Combine("local.yaml"));

        var result = RuleLoader.Load([Directory, local.Path]);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var set = result.RuleSet!;
        Assert.Contains("xyz00-encode", set.List("allowed_users")!);
        Assert.False(set.Rule("Distinct nice values among threads")!.Enabled);
        Assert.Equal(5, set.Rule("Detached busy process")!.Weight);
        var saturation = set.Rule("Sustained CPU saturation")!;
        var member = new FakeFields().With("proc.kernel_thread", false).With("user.system", false).With("user.name", "xyz00")
            .With("proc.exe", "/usr/bin/xz");
        Assert.False(saturation.Matches(member.With("proc.saturated_seconds", 120.0)));
        Assert.True(saturation.Matches(member.With("proc.saturated_seconds", 301.0)));
        Assert.False(saturation.Matches(member.With("user.name", "xyz00-encode")));
    }

    [Fact]
    public void Readme_FieldTable_EqualsFieldCatalog()
    {
        string readme = File.ReadAllText(Path.Combine(Directory, "README.md"));
        var table = FieldTable().Match(readme);

        Assert.True(table.Success, "rules/README.md has no <!-- fields:begin ... --> ... <!-- fields:end --> section");
        Assert.True(RuleFieldTable.Markdown() == table.Groups[1].Value,
            "rules/README.md's field table differs from FieldCatalog: regenerate it with 'hsguard-collector rules fields --markdown'");
    }

    [Fact]
    public void Readme_ShippedRulesTable_NamesEveryRuleWithItsPriorityAndWeight()
    {
        string readme = File.ReadAllText(Path.Combine(Directory, "README.md"));

        Assert.All(Shipped().Rules, rule =>
            Assert.Contains($"| {rule.Name} | {rule.Priority.ToString().ToUpperInvariant()} | {rule.Weight} |", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Readme_Operators_AllDocumented()
    {
        string readme = File.ReadAllText(Path.Combine(Directory, "README.md"));

        foreach (string op in new[] { "`=`", "`!=`", "`<`", "`<=`", "`>`", "`>=`", "`contains`", "`icontains`", "`startswith`", "`endswith`",
            "`glob`", "`in (…)`", "`intersects (…)`", "`pmatch (…)`", "`contains_any (…)`", "`icontains_any (…)`", "`startswith_any (…)`",
            "`glob_any (…)`", "`exists`" })
        {
            Assert.Contains(op, readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_EveryShippedRule_AllocatesNothing()
    {
        var set = Shipped();
        var fields = new[] { MinerLike(), Idle(), new FakeFields() };
        var fired = new List<CompiledRule>(set.Rules.Count);
        for (int i = 0; i < 200; i++)
        {
            EvaluateAll(set, fields, fired);
        }
        Assert.Contains(set.Rules, r => r.Matches(fields[0]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            EvaluateAll(set, fields, fired);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void EvaluateAll(RuleSet set, FakeFields[] fields, List<CompiledRule> fired)
    {
        foreach (var f in fields)
        {
            set.EvaluateAll(f, RuleSource.Process, fired);
            set.EvaluateAll(f, RuleSource.User, fired);
            // By index: a foreach over IReadOnlyList would allocate an enumerator.
            for (int i = 0; i < set.Rules.Count; i++)
            {
                set.Rules[i].Matches(f);
            }
        }
    }

    /// <summary>Every field set, to the values of a disguised miner, so that every rule's condition
    /// is walked through.</summary>
    private static FakeFields MinerLike()
    {
        var fields = new FakeFields();
        foreach (var field in FieldCatalog.All)
        {
            fields.With(field.Name, field.Type switch
            {
                FieldType.String => "x",
                FieldType.Number => 100.0,
                FieldType.Bool => true,
                _ => new[] { "bash", "php-fpm8.2" },
            });
        }
        return fields
            .With("proc.kernel_thread", false).With("user.system", false).With("user.name", "xyz00-web")
            .With("proc.name", "kthreaddi").With("proc.exe", "/tmp/.x/kthreaddi").With("proc.kthread_distance", 1.0)
            .With("proc.cmdline", "/tmp/.x/kthreaddi -o stratum+tcp://pool.supportxmr.com:3333 --donate-level 1")
            .With("proc.remote_ports", new[] { "3333" }).With("proc.remote_addresses", new[] { "203.0.113.7" })
            .With("proc.voluntary_switches_per_second", 1.0).With("proc.io_bytes_per_second", 0.0).With("proc.io_chars_per_second", 200.0)
            .With("user.baseline_score", 0.95);
    }

    private static FakeFields Idle() => new FakeFields()
        .With("proc.kernel_thread", false).With("user.system", false).With("user.name", "xyz00")
        .With("proc.name", "bash").With("proc.exe", "/usr/bin/bash").With("proc.cmdline", "-bash").With("proc.cpu", 0.0)
        .With("proc.ancestors", new[] { "sshd" }).With("proc.remote_ports", Array.Empty<string>());

    [GeneratedRegex(@"<!-- fields:begin[^\n]*-->\n(.*?)<!-- fields:end -->", RegexOptions.Singleline)]
    private static partial Regex FieldTable();
}
