using System.ComponentModel.DataAnnotations;
using HsGuard.Agent.Enforcement;
using HsGuard.Testing;
using Microsoft.Extensions.Configuration;

namespace HsGuard.Agent.Tests.Enforcement;

[Collection(EnforcementCollection.Name)]
public sealed class EnforcementOptionsTests(EnforcementFixture fixture)
{
    [Fact]
    public void Bind_Lists_OnlyWhatIsConfigured()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:Enforcement:ProtectedUsers:0"] = "backup",
            ["Agent:Enforcement:ProtectedExes:0"] = "/usr/sbin/sshd",
        }).Build();

        var options = configuration.GetSection(EnforcementOptions.Section).Get<EnforcementOptions>()!;

        Assert.Equal(["backup"], options.ProtectedUsers);
        Assert.Equal(["/usr/sbin/sshd"], options.ProtectedExes);
        Assert.Equal(("auto", "hsguard", 1000u, false), (options.CgroupRoot, options.CgroupParent, options.FirstMemberUid, options.AllowSystemUsers));
    }

    [Theory]
    [InlineData(nameof(EnforcementOptions.EvidenceChunkBytes), "3000000")]
    [InlineData(nameof(EnforcementOptions.FirstMemberUid), "0")]
    [InlineData(nameof(EnforcementOptions.CgroupParent), "../etc")]
    [InlineData(nameof(EnforcementOptions.CgroupRoot), "relative/path")]
    [InlineData(nameof(EnforcementOptions.CgroupRoot), "/tmp")]
    [InlineData(nameof(EnforcementOptions.ProtectedExes) + ":0", "sshd")]
    [InlineData(nameof(EnforcementOptions.StateFile), "state.json")]
    [InlineData(nameof(EnforcementOptions.SignalRecheckInterval), "00:00:00.001")]
    public void Validate_WrongValue_ErrorNamesTheKey(string key, string value)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().Get<EnforcementOptions>()!;

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        var error = Assert.Single(errors);
        Assert.Contains(key.Split(':')[0], error.ErrorMessage + string.Join(",", error.MemberNames), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CgroupRootNotACgroup_ConfigurationErrorNamingTheKey()
    {
        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["run"],
            new Dictionary<string, string> { ["HSGUARD_Agent__Enforcement__CgroupRoot"] = "/nonexistent" }, TestContext.Current.CancellationToken);

        Assert.Equal(78, exit);
        Assert.StartsWith("hsguard: configuration error: ", error, StringComparison.Ordinal);
        Assert.Contains("CgroupRoot '/nonexistent' is not a cgroup hierarchy", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CgroupRootWithoutFreezer_ConfigurationErrorNamingTheKey()
    {
        const string cpu = "/sys/fs/cgroup/cpu";
        Assert.SkipUnless(File.Exists(Path.Combine(cpu, "cgroup.procs")) && !File.Exists(Path.Combine(cpu, "cgroup.controllers")),
            "no cgroup v1 cpu hierarchy here");
        using var dir = new TempDirectory();

        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["run"], new Dictionary<string, string>
        {
            ["HSGUARD_Agent__Enforcement__CgroupRoot"] = cpu,
            ["HSGUARD_Agent__Enforcement__CgroupParent"] = fixture.CgroupParent,
            ["HSGUARD_Agent__Enforcement__StateFile"] = dir.Combine("state.json"),
            ["HSGUARD_Agent__Collector__Address"] = "http://127.0.0.1:9",
            ["HSGUARD_Agent__Collector__PlaintextOnLoopback"] = "true",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(78, exit);
        Assert.Contains($"configuration error: Agent:Enforcement:CgroupRoot: {cpu} is not a cgroup v2 hierarchy nor a cgroup v1 freezer hierarchy",
            error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cpu, fixture.CgroupParent)));
    }
}
