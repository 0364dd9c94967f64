using System.ComponentModel.DataAnnotations;
using HsGuard.Collector.Detection.Rules;

namespace HsGuard.Collector.Tests.Rules;

public sealed class RulesOptionsTests
{
    [Fact]
    public void EffectivePaths_NoneConfigured_ShippedRulesBesideTheExecutable()
    {
        var paths = new RulesOptions().EffectivePaths();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "rules"), paths[0]);
        Assert.Equal(Directory.Exists(RulesOptions.LocalDirectory), paths.Contains(RulesOptions.LocalDirectory));
        Assert.True(File.Exists(Path.Combine(paths[0], "hsguard_rules.yaml")), "the shipped rules are copied to the output");
    }

    [Fact]
    public void EffectivePaths_Configured_OnlyThose()
    {
        var options = new RulesOptions { Paths = ["/srv/rules", "/etc/x.yaml"] };

        Assert.Equal(["/srv/rules", "/etc/x.yaml"], options.EffectivePaths());
    }

    [Fact]
    public void Validate_RelativePath_NamesTheKey()
    {
        var options = new RulesOptions { Paths = ["rules"] };

        var failure = Assert.Single(options.Validate(new ValidationContext(options)));

        Assert.Equal("Collector:Detection:Rules:Paths: 'rules' is not an absolute path", failure.ErrorMessage);
    }
}
