using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Response;

namespace HsGuard.Collector.Tests.Response;

public sealed class ResponsePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    private static Incident Incident(string host = "web1", string user = "xyz00-web", int rootPid = 4242, params FiredRule[] rules)
    {
        var incident = new Incident(1, host, 1500, user, rootPid, 900_000, Now);
        incident.Add(rules.Length > 0 ? rules : Clear, rootPid, 900_000, "kthreaddi", "/tmp/kthreaddi", Now, Now, new DetectionOptions());
        return incident;
    }

    private static readonly FiredRule[] Clear =
    [
        new("Kernel thread name on a user program", 60, "WARNING", [], "x"),
        new("Executable in a temporary directory", 45, "WARNING", [], "x"),
    ];

    private static readonly FiredRule[] BehaviourOnly =
    [
        new("Compute-only profile", 40, "NOTICE", [], "x"),
        new("Compute-only for long", 25, "NOTICE", [], "x"),
        new("Sustained CPU saturation", 25, "NOTICE", [], "x"),
        new("Flat load", 15, "INFORMATIONAL", [], "x"),
    ];

    private static ResponsePolicy Policy(ResponseOptions? options = null) => new(options ?? new ResponseOptions(), new DetectionOptions());

    [Fact]
    public void Decide_ClearSignalsInEnforceMode_Suspend()
    {
        var decision = Policy().Decide(Incident(), Now);

        Assert.True(decision.Suspend, decision.Reason);
        Assert.Contains("Kernel thread name on a user program", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ResponseMode.Observe, "mode observe")]
    [InlineData(ResponseMode.Alert, "mode alert")]
    public void Decide_NotEnforcing_NoAction(ResponseMode mode, string reason)
    {
        var decision = Policy(new ResponseOptions { Mode = mode }).Decide(Incident(), Now);

        Assert.False(decision.Suspend);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BehaviourAlone_AlertsForAHostmaster()
    {
        var decision = Policy().Decide(Incident(rules: BehaviourOnly), Now);

        Assert.False(decision.Suspend);
        Assert.Contains("behaviour alone", decision.Reason, StringComparison.Ordinal);
        Assert.True(Policy(new ResponseOptions { SuspendMinimumSeverity = "INFORMATIONAL" }).Decide(Incident(rules: BehaviourOnly), Now).Suspend);
    }

    [Fact]
    public void Decide_AllowLists_NoAction()
    {
        Assert.Contains("user xyz00-web is allowed", Policy(new ResponseOptions { AllowedUsers = ["xyz00-web"] }).Decide(Incident(), Now).Reason, StringComparison.Ordinal);
        Assert.Contains("is allowed", Policy(new ResponseOptions { AllowedExecutables = ["/tmp/kthreaddi"] }).Decide(Incident(), Now).Reason, StringComparison.Ordinal);
        var allowedRule = Policy(new ResponseOptions { AllowedRules = ["Kernel thread name on a user program"] }).Decide(Incident(), Now);
        Assert.False(allowedRule.Suspend);
        Assert.Contains("score is 45", allowedRule.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UserIncident_NoProcessTree()
    {
        var decision = Policy().Decide(Incident(rootPid: 0), Now);

        Assert.False(decision.Suspend);
        Assert.Contains("no process tree", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RateLimits_PerHostThenGlobal()
    {
        var policy = Policy(new ResponseOptions { PerHostActions = 2, GlobalActions = 3, RateWindow = TimeSpan.FromMinutes(10) });

        Assert.True(policy.Decide(Incident("web1"), Now).Suspend);
        Assert.True(policy.Decide(Incident("web1"), Now).Suspend);
        Assert.Contains("the host has had 2", policy.Decide(Incident("web1"), Now).Reason, StringComparison.Ordinal);
        Assert.True(policy.Decide(Incident("web2"), Now).Suspend);
        Assert.Contains("all hosts have had 3", policy.Decide(Incident("web3"), Now).Reason, StringComparison.Ordinal);
        Assert.True(policy.Decide(Incident("web1"), Now.AddMinutes(11)).Suspend);
    }
}
